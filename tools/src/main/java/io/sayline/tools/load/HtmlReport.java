package io.sayline.tools.load;

import io.sayline.core.control.protocol.Event;
import io.sayline.tools.analyse.StreamStats;
import io.sayline.tools.latency.Percentiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code OUT/report.html}: one self-contained page (inline CSS and SVG, nothing fetched) with the verdict and
 * the key figures as tiles (with {@code --listen}/{@code --transcribe}, the caller side's too), then the
 * charts — pacing-deviation histogram, TTFA CDF, CPU, heap and live calls over time — and the run's
 * parameters and machine.
 */
final class HtmlReport {
    /** Histogram bins of |interval − 20 ms|; the last bin takes everything beyond. */
    private static final double BIN_MS = 0.1;
    private static final int BINS = 50;
    private static final String GATEWAY = "#d9480f";
    private static final String HARNESS = "#1971c2";

    private HtmlReport() {
    }

    static Path write(RunInfo info, LoadFigures f, List<Sample> samples, List<StreamStats> streams, BotTally bot,
                      Path outDir) throws IOException {
        StringBuilder h = HtmlPage.start("Sayline load run", f.passed(), info);
        h.append("<div class=\"tiles\">");
        tiles(h, f);
        h.append("</div><div class=\"charts\">");
        HtmlPage.chart(h, SvgChart.bars("|interval − 20 ms| over all streams", "ms (last bar: " + BIN_MS * (BINS - 1)
                + " ms and more)", "intervals (log)", 0, BIN_MS, histogram(streams), true));
        HtmlPage.chart(h, SvgChart.lines("Worst |interval − 20 ms| each second (all streams at once: a pause)",
                "s into the capture", "ms", List.of(new SvgChart.Series("worst interval", GATEWAY, f.timeline().seconds(),
                        f.timeline().worstMs())), false));
        HtmlPage.chart(h, SvgChart.lines("Streams off by more than " + (int) PacingTimeline.HIT_MS + " ms each second",
                "s into the capture", "streams", List.of(new SvgChart.Series("streams", HARNESS,
                        f.timeline().seconds(), f.timeline().streamsHit())), false));
        HtmlPage.chart(h, SvgChart.lines("Time to first audio (CDF)", "ms", "% of utterances", List.of(ttfaCdf(bot)),
                true));
        HtmlPage.chart(h, SvgChart.lines("CPU, % of the machine", "s", "%", List.of(
                series("gateway", GATEWAY, samples, Sample::gatewayCpu),
                series("harness (SIPp, simulator, bot, capture)", HARNESS, samples, Sample::harnessCpu)), false));
        HtmlPage.chart(h, SvgChart.lines("Gateway heap in use", "s", "MB", List.of(
                series("used heap (jstat)", GATEWAY, samples, Sample::heapMb)), false));
        HtmlPage.chart(h, SvgChart.lines("Calls", "s", "calls", List.of(
                series("live", GATEWAY, samples, Sample::liveCalls),
                series("completed", HARNESS, samples, Sample::completed)), false));
        HtmlPage.chart(h, SvgChart.lines("Gateway threads", "s", "threads", List.of(
                series("threads", GATEWAY, samples, Sample::gatewayThreads)), false));
        h.append("</div>");
        return HtmlPage.end(h, info, outDir.resolve("report.html"));
    }

    private static void tiles(StringBuilder h, LoadFigures f) {
        HtmlPage.tile(h, "failed calls", Integer.toString(f.failed()), f.failed() > 0);
        HtmlPage.tile(h, "calls that lost their bot", String.format(Locale.ROOT, "%.0f", f.botFailures()),
                f.botFailures() > 0);
        HtmlPage.tile(h, "sequence gaps", Long.toString(f.sequenceGaps()), f.sequenceGaps() > 0);
        HtmlPage.tile(h, "pacing p99, all streams", ms(f.pooled().p99()), f.pooled().p99() > 1);
        HtmlPage.tile(h, "pacing p99, worst stream", ms(f.worstStreamP99()), f.worstStreamP99() > 1);
        HtmlPage.tile(h, "pacing max", ms(f.pooled().max()), f.pooled().max() > 5);
        HtmlPage.tile(h, "underrun frames", Long.toString(f.underrunFrames()), f.underrunFrames() > 0);
        HtmlPage.tile(h, "TTFA p50 / p99", pair(f.ttfa()), false);
        HtmlPage.tile(h, "vendor first byte p50 / p99, as Sayline waited", pair(f.vendorFirstByte()), false);
        HtmlPage.tile(h, "the simulator's own first byte p50 / p99", pair(f.simulatorFirstByte()), false);
        HtmlPage.tile(h, "gateway overhead p50 / p99", pair(f.overhead()), f.overhead().p99() > 25);
        HtmlPage.tile(h, "of which pipeline p50 / p99", pair(f.pipeline()), f.pipeline().p99() > 25);
        HtmlPage.tile(h, "gateway CPU (mean / max)", String.format(Locale.ROOT, "%.0f / %.0f %%", f.gatewayCpuMean(),
                f.gatewayCpuMax()), f.gatewayCpuMax() > 70);
        HtmlPage.tile(h, "harness CPU (mean / max)", String.format(Locale.ROOT, "%.0f / %.0f %%", f.harnessCpuMean(),
                f.harnessCpuMax()), false);
        HtmlPage.tile(h, f.heapPerCallIsLive() ? "heap per call (live after GC)" : "heap per call (upper bound: no GC ran)",
                String.format(Locale.ROOT, "%.0f KB", f.heapKbPerCall()), f.heapPerCallIsLive() && f.heapKbPerCall() > 200);
        HtmlPage.tile(h, "allocated per call-second", String.format(Locale.ROOT, "%.1f KB",
                f.allocation().kbPerCallSecond()), false);
        HtmlPage.tile(h, "GC pauses (count / max)", String.format(Locale.ROOT, "%d / %.1f ms", f.gcPauses(), f.gcPauseMaxMs()),
                f.gcPauseMaxMs() > 5);
        HtmlPage.tile(h, "gateway threads (max)", Integer.toString(f.threadsMax()), false);
        HtmlPage.tile(h, "times a late call loop gave way", String.format(Locale.ROOT, "%.0f", f.loopsGaveWay()),
                f.loopsGaveWay() > 0);
        HtmlPage.tile(h, "ms the load tool's bot fell behind (max)", String.format(Locale.ROOT, "%.0f",
                f.botLoopLateMaxMs()), f.botLoopLateMaxMs() >= TextSummary.BOT_BEHIND_MS);
        if (f.caller() != null) {
            callerTiles(h, f.caller());
        }
    }

    /** Issue #10's caller side: what the bot heard, and Sayline's own counts of lost and dropped caller frames. */
    private static void callerTiles(StringBuilder h, CallerFigures c) {
        BotTally.CallerHeard bot = c.bot();
        double lostFilled = c.saylineCount(CallerFigures.LOST_FILLED);
        HtmlPage.tile(h, "caller frames lost-filled (Sayline)", count(lostFilled), !(lostFilled == 0));
        if (c.listen() != null) {
            HtmlPage.tile(h, "caller frames to the bot (" + c.listen() + ")", Long.toString(bot.frames()),
                    bot.frames() == 0);
            HtmlPage.tile(h, "frames flagged lost / sequence gaps", bot.lostFrames() + " / " + bot.sequenceGaps(),
                    bot.lostFrames() + bot.sequenceGaps() > 0);
            double dropped = c.saylineCount(CallerFigures.OVERFLOW_DROPPED);
            HtmlPage.tile(h, "listen overflow-dropped (Sayline)", count(dropped),
                    dropped > 0 || bot.overflowEvents() > 0);
        }
        if (c.transcribe()) {
            HtmlPage.tile(h, "transcripts (partial / final)", bot.partials() + " / " + bot.finals(), bot.finals() == 0);
            HtmlPage.tile(h, "stt.error", Integer.toString(bot.sttErrors()), bot.sttErrors() > 0);
        }
        c.sayline().forEach((series, growth) -> HtmlPage.tile(h, series, count(growth), false));
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
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
        return SvgChart.Series.over(name, color, samples, Sample::seconds, figure);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f ms", v);
    }

    private static String pair(Percentiles p) {
        return p.count() == 0 ? "n/a" : p.p50() + " / " + p.p99() + " ms";
    }
}
