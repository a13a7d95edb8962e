package io.sayline.tools.load;

import io.sayline.core.control.protocol.Event;
import io.sayline.tools.analyse.StreamStats;
import io.sayline.tools.latency.Percentiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code OUT/report.html}: one self-contained page (inline CSS and SVG, nothing fetched) with the verdict and
 * the key figures as tiles, then the charts — pacing-deviation histogram, TTFA CDF, CPU, heap and live calls
 * over time — and the run's parameters and machine.
 */
final class HtmlReport {
    /** Histogram bins of |interval − 20 ms|; the last bin takes everything beyond. */
    private static final double BIN_MS = 0.1;
    private static final int BINS = 50;
    private static final String GATEWAY = "#d9480f";
    private static final String HARNESS = "#1971c2";
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1340px;color:#212529;background:#f8f9fa}
            h1{margin:0 0 .2rem}.sub{color:#495057;margin-bottom:1.2rem}
            .verdict{display:inline-block;padding:.2rem .8rem;border-radius:1rem;color:#fff;font-weight:600}
            .pass{background:#2b8a3e}.fail{background:#c92a2a}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.8rem;margin:1.2rem 0}
            .tile{background:#fff;border-radius:.6rem;padding:.8rem 1rem;box-shadow:0 1px 3px #0002}
            .tile .v{font-size:1.6rem;font-weight:600}.tile .k{color:#495057;font-size:.85rem}
            .bad .v{color:#c92a2a}
            .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(620px,1fr));gap:1rem}
            .chart{background:#fff;border-radius:.6rem;padding:.5rem;box-shadow:0 1px 3px #0002}
            svg{width:100%;height:auto}svg .title{font-size:15px;font-weight:600}svg .label{font-size:12px;fill:#495057}
            svg .tick{font-size:11px;fill:#495057}svg .axis{stroke:#868e96}svg .grid{stroke:#e9ecef}
            svg .bar{fill:#7048e8}
            table{border-collapse:collapse;background:#fff;margin-top:1rem}td{padding:.3rem .8rem;border-bottom:1px solid #e9ecef}
            td:first-child{color:#495057}
            """;

    private HtmlReport() {
    }

    static Path write(RunInfo info, LoadFigures f, List<Sample> samples, List<StreamStats> streams, BotTally bot,
                      Path outDir) throws IOException {
        StringBuilder h = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sayline load run</title><style>" + CSS + "</style></head><body>");
        h.append("<h1>Sayline load run <span class=\"verdict ").append(f.passed() ? "pass\">PASS" : "fail\">FAIL")
                .append("</span></h1><div class=\"sub\">").append(esc(info.parameters().get("calls"))).append(" &middot; ")
                .append(esc(info.machine().get("date"))).append("</div>");
        h.append("<div class=\"tiles\">");
        tiles(h, f);
        h.append("</div><div class=\"charts\">");
        chart(h, SvgChart.bars("|interval − 20 ms| over all streams", "ms (last bar: " + BIN_MS * (BINS - 1)
                + " ms and more)", "intervals (log)", 0, BIN_MS, histogram(streams), true));
        chart(h, SvgChart.lines("Worst |interval − 20 ms| each second (all streams at once: a pause)", "s into the capture",
                "ms", List.of(new SvgChart.Series("worst interval", GATEWAY, f.timeline().seconds(),
                        f.timeline().worstMs())), false));
        chart(h, SvgChart.lines("Streams off by more than " + (int) PacingTimeline.HIT_MS + " ms each second",
                "s into the capture", "streams", List.of(new SvgChart.Series("streams", HARNESS,
                        f.timeline().seconds(), f.timeline().streamsHit())), false));
        chart(h, SvgChart.lines("Time to first audio (CDF)", "ms", "% of utterances", List.of(ttfaCdf(bot)), true));
        chart(h, SvgChart.lines("CPU, % of the machine", "s", "%", List.of(
                series("gateway", GATEWAY, samples, Sample::gatewayCpu),
                series("harness (SIPp, simulator, bot, capture)", HARNESS, samples, Sample::harnessCpu)), false));
        chart(h, SvgChart.lines("Gateway heap in use", "s", "MB", List.of(
                series("used heap (jstat)", GATEWAY, samples, Sample::heapMb)), false));
        chart(h, SvgChart.lines("Calls", "s", "calls", List.of(
                series("live", GATEWAY, samples, Sample::liveCalls),
                series("completed", HARNESS, samples, Sample::completed)), false));
        chart(h, SvgChart.lines("Gateway threads", "s", "threads", List.of(
                series("threads", GATEWAY, samples, Sample::gatewayThreads)), false));
        h.append("</div>");
        table(h, "Run", info.parameters());
        table(h, "Machine", info.machine());
        h.append("</body></html>\n");
        Path file = outDir.resolve("report.html");
        Files.writeString(file, h);
        return file;
    }

    private static void tiles(StringBuilder h, LoadFigures f) {
        tile(h, "failed calls", Integer.toString(f.failed()), f.failed() > 0);
        tile(h, "sequence gaps", Long.toString(f.sequenceGaps()), f.sequenceGaps() > 0);
        tile(h, "pacing p99, all streams", ms(f.pooled().p99()), f.pooled().p99() > 1);
        tile(h, "pacing p99, worst stream", ms(f.worstStreamP99()), f.worstStreamP99() > 1);
        tile(h, "pacing max", ms(f.pooled().max()), f.pooled().max() > 5);
        tile(h, "underrun frames", Long.toString(f.underrunFrames()), f.underrunFrames() > 0);
        tile(h, "TTFA p50 / p99", pair(f.ttfa()), false);
        tile(h, "gateway overhead p50 / p99", pair(f.overhead()), f.overhead().p99() > 25);
        tile(h, "gateway CPU (mean / max)", String.format(Locale.ROOT, "%.0f / %.0f %%", f.gatewayCpuMean(),
                f.gatewayCpuMax()), f.gatewayCpuMax() > 70);
        tile(h, "harness CPU (mean / max)", String.format(Locale.ROOT, "%.0f / %.0f %%", f.harnessCpuMean(),
                f.harnessCpuMax()), false);
        tile(h, f.heapPerCallIsLive() ? "heap per call (live after GC)" : "heap per call (upper bound: no GC ran)",
                String.format(Locale.ROOT, "%.0f KB", f.heapKbPerCall()), f.heapPerCallIsLive() && f.heapKbPerCall() > 200);
        tile(h, "GC pauses (count / max)", String.format(Locale.ROOT, "%d / %.1f ms", f.gcPauses(), f.gcPauseMaxMs()),
                f.gcPauseMaxMs() > 5);
        tile(h, "gateway threads (max)", Integer.toString(f.threadsMax()), false);
    }

    private static void tile(StringBuilder h, String key, String value, boolean bad) {
        h.append("<div class=\"tile").append(bad ? " bad" : "").append("\"><div class=\"v\">").append(esc(value))
                .append("</div><div class=\"k\">").append(esc(key)).append("</div></div>");
    }

    private static void chart(StringBuilder h, String svg) {
        h.append("<div class=\"chart\">").append(svg).append("</div>");
    }

    private static void table(StringBuilder h, String title, Map<String, String> rows) {
        h.append("<h2>").append(esc(title)).append("</h2><table>");
        rows.forEach((k, v) -> h.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(v)).append("</td></tr>"));
        h.append("</table>");
    }

    /** Counts of |interval − 20 ms| per {@link #BIN_MS} bin over every stream; the last bin is open-ended. */
    private static long[] histogram(List<StreamStats> streams) {
        long[] counts = new long[BINS];
        for (StreamStats s : streams) {
            for (double d : s.deviationsMs()) {
                counts[Math.min(BINS - 1, (int) (d / BIN_MS))]++;
            }
        }
        return counts;
    }

    private static SvgChart.Series ttfaCdf(BotTally bot) {
        double[] ttfa = bot.latencies().stream().mapToDouble(Event.Latency::ttfaMs).sorted().toArray();
        double[] share = new double[ttfa.length];
        for (int i = 0; i < ttfa.length; i++) {
            share[i] = 100.0 * (i + 1) / ttfa.length;
        }
        return new SvgChart.Series("TTFA", GATEWAY, ttfa, share);
    }

    private static SvgChart.Series series(String name, String color, List<Sample> samples,
                                          ToDoubleFunction<Sample> figure) {
        return new SvgChart.Series(name, color, samples.stream().mapToDouble(Sample::seconds).toArray(),
                samples.stream().mapToDouble(figure).toArray());
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f ms", v);
    }

    private static String pair(Percentiles p) {
        return p.count() == 0 ? "n/a" : p.p50() + " / " + p.p99() + " ms";
    }

    private static String esc(String s) {
        return SvgChart.escape(s == null ? "" : s);
    }
}
