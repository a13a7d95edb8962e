package io.sayline.tools.load;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Small charts as inline SVG, so the report is one file that opens offline and scales on any screen: line
 * (or step) charts of series over x, and bar charts of binned counts with an optional log scale.
 */
final class SvgChart {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 50;
    private static final int BOTTOM = 44;
    private static final int TICKS = 5;

    /** One line: a name for the legend, a CSS colour, and points in x order. */
    record Series(String name, String color, double[] x, double[] y) {
        /** A series of figures over time, {@code time} and {@code figure} read from each of {@code samples}. */
        static <T> Series over(String name, String color, List<T> samples, ToDoubleFunction<T> time,
                               ToDoubleFunction<T> figure) {
            return new Series(name, color, samples.stream().mapToDouble(time).toArray(),
                    samples.stream().mapToDouble(figure).toArray());
        }
    }

    private final StringBuilder svg = new StringBuilder();
    private final double xMin;
    private final double xMax;
    private final double yMax;
    private final boolean logY;

    private SvgChart(String title, String xLabel, String yLabel, double xMin, double xMax, double yMax, boolean logY) {
        this.xMin = xMin;
        this.xMax = xMin + niceCeiling(xMax - xMin);
        this.logY = logY;
        this.yMax = logY ? Math.pow(10, Math.ceil(Math.log10(Math.max(10, yMax)))) : niceCeiling(yMax);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\">", WIDTH, HEIGHT, escape(title)));
        text(WIDTH / 2.0, 18, "middle", "title", title);
        text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 8, "middle", "label", xLabel);
        svg.append(String.format(Locale.ROOT, "<text class=\"label\" transform=\"translate(14 %d) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>", TOP + (HEIGHT - TOP - BOTTOM) / 2, escape(yLabel)));
        axes();
    }

    /** Lines (or steps, for a CDF) of each series over a shared x axis starting at 0. */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean steps) {
        double xMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x())).max().orElse(1);
        double yMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y()))
                .filter(Double::isFinite).max().orElse(1);
        SvgChart chart = new SvgChart(title, xLabel, yLabel, 0, xMax, yMax, false);
        for (int i = 0; i < series.size(); i++) {
            chart.polyline(series.get(i), steps);
            chart.legend(i, series.get(i));
        }
        return chart.end();
    }

    /**
     * Bars of {@code counts[i]} for the bins {@code [from + i*width, from + (i+1)*width)}; with {@code logY}
     * the bars of rare bins (the tail that matters) stay visible beside the big ones.
     */
    static String bars(String title, String xLabel, String yLabel, double from, double width, long[] counts,
                       boolean logY) {
        long max = java.util.Arrays.stream(counts).max().orElse(1);
        SvgChart chart = new SvgChart(title, xLabel, yLabel, from, from + width * counts.length, max, logY);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                double x0 = chart.px(from + i * width);
                double x1 = chart.px(from + (i + 1) * width);
                double y = chart.py(counts[i]);
                chart.svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        + "class=\"bar\"><title>%.2f-%.2f: %d</title></rect>", x0, y, Math.max(1, x1 - x0 - 1),
                        chart.py(chart.yFloor()) - y, from + i * width, from + (i + 1) * width, counts[i]));
            }
        }
        return chart.end();
    }

    private void axes() {
        double bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                LEFT, bottom, WIDTH - RIGHT, bottom));
        for (int i = 0; i <= TICKS; i++) {
            double x = xMin + (xMax - xMin) * i / TICKS;
            text(px(x), bottom + 16, "middle", "tick", number(x));
        }
        // a log axis has a line per decade, a linear one TICKS evenly spaced
        int yTicks = logY ? (int) Math.round(Math.log10(yMax)) : TICKS;
        for (int i = 0; i <= yTicks; i++) {
            double y = logY ? Math.pow(10, i) : yMax * i / TICKS;
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, py(y), WIDTH - RIGHT, py(y)));
            text(LEFT - 6, py(y) + 4, "end", "tick", number(y));
        }
    }

    private void polyline(Series s, boolean steps) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            if (!Double.isFinite(s.y()[i])) {
                continue;
            }
            if (steps && i > 0) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[i]), py(s.y()[i - 1])));
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(s.x()[i]), py(s.y()[i])));
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                s.color(), points.toString().trim()));
    }

    private void legend(int index, Series s) {
        double x = LEFT + 10 + index * 260;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>", x,
                TOP - 16, s.color()));
        text(x + 16, TOP - 11, "start", "tick", s.name());
    }

    private String end() {
        return svg.append("</svg>").toString();
    }

    private double px(double x) {
        return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
    }

    private double py(double y) {
        double share = logY ? Math.log10(Math.max(1, y)) / Math.log10(yMax) : y / yMax;
        return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
    }

    /** The value at the bottom of the y axis: 0, or 1 on a log scale. */
    private double yFloor() {
        return logY ? 1 : 0;
    }

    private void text(double x, double y, String anchor, String cssClass, String content) {
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
                cssClass, x, y, anchor, escape(content)));
    }

    /**
     * The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^n at or above {@code v}: five ticks then fall on round
     * numbers, and the axis is at most a third longer than the data.
     */
    private static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
