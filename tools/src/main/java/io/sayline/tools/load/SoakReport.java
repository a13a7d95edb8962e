package io.sayline.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A soak's output: the verdict table on the console, {@code OUT/soak-samples.csv} (every sample, every series,
 * for a closer look), and {@code OUT/soak.html}: one chart per watched series with its warm-up level and limit
 * drawn across, the calls over time, and the final {@code /metrics} counters.
 */
final class SoakReport {
    private static final String SERIES = "#d9480f";
    private static final String WARM_UP = "#1971c2";
    private static final String LIMIT = "#c92a2a";
    private static final String COUNTER_SUFFIX = "_total";

    private SoakReport() {
    }

    /** The verdict table and figures, the files written, and PASS or FAIL with the reasons last. */
    static void print(RunInfo info, SoakVerdict v, BotTally bot, List<Path> files, PrintStream out) {
        out.printf(Locale.ROOT, "%-34s %10s %10s %10s  %s%n", "series", "warm-up", "end", "limit", "verdict");
        v.trends().forEach((series, f) -> out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.1f  %s%n",
                series.label() + " (" + series.unit() + ")", f.warmUp(), f.end(), f.limit(),
                f.flat() ? "flat" : f.enoughSamples() ? "RISING" : "too few samples (" + f.samples() + ")"));
        TextSummary.line(out, "calls", "%d of %d completed, %d failed (SIPp), %d ended with error (Sayline)", v.completed(),
                v.calls(), v.failedCalls(), v.gatewayFailed());
        TextSummary.line(out, "bot", "%d utterances said, %d cut (%d by clear), %d keys heard", bot.utterancesSaid(),
                bot.interruptions(), bot.clearsSent(), bot.keysHeard());
        TextSummary.line(out, "leaks", "%d LEAK reports in the gateway log (Netty, paranoid)%s; %d log lines dropped",
                v.leakReports(), v.firstLeak() == null ? "" : ", first: " + v.firstLeak(), v.logDropped());
        TextSummary.line(out, "released", v.released() ? "every call and RTP port, after the last call"
                : "NO: calls or RTP ports still held after the last call");
        files.forEach(file -> out.println("wrote: " + file));
        out.println("output: " + info.outDir() + " (took " + info.took().toSeconds() + " s)");
        out.println(v.passed() ? "PASS: no failed call, no leak report, every series flat"
                : "FAIL: " + String.join("; ", v.reasons()));
    }

    /** Every sample as a row, every series as a column (the union over the samples); empty cells: not measured. */
    static Path writeCsv(List<SoakSample> samples, Path outDir) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        samples.forEach(s -> keys.addAll(s.values().keySet()));
        StringBuilder csv = new StringBuilder("seconds,completed,failed,live_calls,")
                .append(keys.stream().map(k -> '"' + k.replace("\"", "\"\"") + '"').collect(Collectors.joining(",")))
                .append('\n');
        for (SoakSample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d", s.seconds(), s.completed(), s.failed(), s.liveCalls()));
            for (String key : keys) {
                csv.append(',').append(cell(s.value(key)));
            }
            csv.append('\n');
        }
        return Files.writeString(outDir.resolve("soak-samples.csv"), csv);
    }

    /** Whole numbers as such (bytes, counts), others to four decimals, NaN as an empty cell. */
    private static String cell(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4f", value);
    }

    static Path writeHtml(RunInfo info, SoakVerdict v, List<SoakSample> samples, Path outDir) throws IOException {
        StringBuilder h = HtmlPage.start("Sayline soak", v.passed(), info);
        h.append("<div class=\"tiles\">");
        HtmlPage.tile(h, "calls completed", v.completed() + " of " + v.calls(), v.completed() < v.calls());
        HtmlPage.tile(h, "failed calls (SIPp / Sayline)", v.failedCalls() + " / " + v.gatewayFailed(),
                v.failedCalls() + v.gatewayFailed() > 0);
        HtmlPage.tile(h, "Netty leak reports", Long.toString(v.leakReports()), v.leakReports() > 0);
        long rising = v.trends().values().stream().filter(f -> !f.flat()).count();
        HtmlPage.tile(h, "series not flat", rising + " of " + v.trends().size(), rising > 0);
        h.append("</div><div class=\"charts\">");
        v.trends().forEach((series, f) -> HtmlPage.chart(h, SvgChart.lines(series.label() + (f.flat() ? ": flat"
                : ": NOT flat"), "s", series.unit(), List.of(series(series.label(), SERIES, samples, series::of),
                level("warm-up level", WARM_UP, samples, f.warmUp()), level("limit", LIMIT, samples, f.limit())),
                false)));
        HtmlPage.chart(h, SvgChart.lines("Calls", "s", "calls", List.of(
                series("live (bot sessions)", SERIES, samples, SoakSample::liveCalls),
                series("completed", WARM_UP, samples, SoakSample::completed)), false));
        h.append("</div>");
        HtmlPage.table(h, "Series (warm-up level, end level, limit)", levels(v));
        HtmlPage.table(h, "Sayline counters at the end", counters(samples));
        return HtmlPage.end(h, info, outDir.resolve("soak.html"));
    }

    private static Map<String, String> levels(SoakVerdict v) {
        Map<String, String> rows = new LinkedHashMap<>();
        v.trends().forEach((series, f) -> rows.put(series.label(), String.format(Locale.ROOT,
                "%.1f → %.1f %s (limit %.1f): %s", f.warmUp(), f.end(), series.unit(), f.limit(),
                f.flat() ? "flat" : "NOT flat")));
        return rows;
    }

    private static Map<String, String> counters(List<SoakSample> samples) {
        Map<String, String> rows = new LinkedHashMap<>();
        if (!samples.isEmpty()) {
            samples.get(samples.size() - 1).values().forEach((key, value) -> {
                if (key.contains(COUNTER_SUFFIX)) {
                    rows.put(key, String.format(Locale.ROOT, "%.0f", value));
                }
            });
        }
        return rows;
    }

    private static SvgChart.Series series(String name, String color, List<SoakSample> samples,
                                          ToDoubleFunction<SoakSample> figure) {
        return SvgChart.Series.over(name, color, samples, SoakSample::seconds, figure);
    }

    /** A level drawn across the whole run. */
    private static SvgChart.Series level(String name, String color, List<SoakSample> samples, double y) {
        double end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).seconds();
        return new SvgChart.Series(name, color, new double[] {0, end}, new double[] {y, y});
    }
}
