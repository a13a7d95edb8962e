package io.sayline.tools.load;

import io.sayline.tools.latency.Percentiles;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The summary printed at the end of a run: the figures of issue #9, one per line, those of issue #10's caller side
 * with {@code --listen}/{@code --transcribe}, and the verdict.
 */
final class TextSummary {
    /** A bot this far behind may have made calls fail on its own account: the failure line says so. */
    static final double BOT_BEHIND_MS = 1000;

    private TextSummary() {
    }

    static void print(RunInfo info, LoadFigures f, PrintStream out) {
        out.println();
        out.println("== load summary (" + info.machine().get("cores") + " cores, " + info.machine().get("CPU") + ")");
        info.parameters().forEach((k, v) -> out.println(k + ": " + v));
        line(out, "calls", "%d placed, %d completed, %d failed; %.0f lost their bot (control channel not opened in"
                + " time or dropped: Sayline apologized and hung up)", f.calls(), f.completed(), f.failed(),
                f.botFailures());
        line(out, "streams", "%d in the capture; sequence gaps %d (lost %d), jumps %d, timestamp jumps %d; "
                + "capture dropped %s", f.streams(), f.sequenceGaps(), f.lostPackets(), f.sequenceJumps(),
                f.timestampJumps(), f.captureDropped() < 0 ? "unknown" : Long.toString(f.captureDropped()));
        line(out, "pacing", "|interval - 20 ms| per stream p99: worst %.3f, median %.3f ms; %d streams over 1 ms",
                f.worstStreamP99(), f.medianStreamP99(), f.streamsOverOneMs());
        line(out, "pacing", "all streams: p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms (%d intervals)",
                f.pooled().p50(), f.pooled().p99(), f.pooled().p999(), f.pooled().max(), f.pooled().count());
        int worst = f.timeline().worstSecond();
        if (worst >= 0) {
            line(out, "worst second", "%d s into the capture: an interval off by %.1f ms, %.0f streams off by > %.0f ms",
                    worst, f.timeline().worstMs()[worst], f.timeline().streamsHit()[worst], PacingTimeline.HIT_MS);
        }
        line(out, "underruns", "%d frames (Sayline's speech.done underrunMs); %d talkspurt breaks in the capture",
                f.underrunFrames(), f.talkspurtBreaks());
        line(out, "utterances", "%d said, %d started, %d done, %d tts errors", f.utterancesSaid(),
                f.utterancesStarted(), f.utterancesDone(), f.ttsErrors());
        line(out, "TTFA", "%s", percentiles(f.ttfa()));
        line(out, "  vendor", "first byte %s (say -> first vendor byte read, as Sayline waited for it)",
                percentiles(f.vendorFirstByte()));
        line(out, "  simulator", "first byte %s (request received -> first audio written, by the simulator's"
                + " clock)", percentiles(f.simulatorFirstByte(), "requests"));
        line(out, "overhead", "%s (vendor first byte -> first RTP)", percentiles(f.overhead()));
        line(out, "  pipeline", "%s (overhead less the playout wait: threshold, hold, next tick)",
                percentiles(f.pipeline()));
        line(out, "  after ramp", "pipeline %s (once every call was live)", percentiles(f.pipelineAfterRamp()));
        line(out, "gateway CPU", "mean %.1f %%, max %.1f %% of the machine while calls were live",
                f.gatewayCpuMean(), f.gatewayCpuMax());
        line(out, "harness CPU", "mean %.1f %%, max %.1f %% (load tool, simulator, SIPp, capture, jstat)",
                f.harnessCpuMean(), f.harnessCpuMax());
        line(out, "heap", "%.0f MB before the calls, %.0f MB peak with %d live; %s %.0f KB per call %s",
                f.heapBaselineMb(), f.heapPeakMb(), f.peakLiveCalls(), f.heapPerCallIsLive() ? "" : "<=",
                f.heapKbPerCall(), f.heapPerCallIsLive() ? "(live set after GC)"
                        : "(no GC during the calls: used heap growth, garbage included)");
        line(out, "allocation", "%.0f MB/s, %.1f KB per call-second (%d spans between collections while calls were"
                + " live)",
                f.allocation().mbPerSecond(), f.allocation().kbPerCallSecond(), f.allocation().spans());
        line(out, "pauses", "%d GC pauses during the calls, max %.2f ms; longest safepoint %.2f ms",
                f.gcPauses(), f.gcPauseMaxMs(), f.safepointMaxMs());
        line(out, "threads", "%d in the gateway at most", f.threadsMax());
        line(out, "give way", "%.0f times a call loop running late parked 5 ms for the JVM's other threads", f.loopsGaveWay());
        line(out, "bot loop", "%.0f ms behind at most, %.1f s after the first call (the load tool's bot, which"
                + " answers every control channel)", f.botLoopLateMaxMs(), f.botLoopLateAtSeconds());
        if (f.caller() != null) {
            caller(out, f.caller());
        }
        out.println("output: " + info.outDir() + " (took " + info.took().toSeconds() + " s)");
        out.println(f.passed() ? "PASS: every call completed with 0 sequence gaps"
                + (f.caller() != null ? ", no caller frame lost or dropped" : "") : "FAIL: " + failure(f));
    }

    /** What the bot heard of the callers, then Sayline's own caller-side counters (growth over the calls). */
    private static void caller(PrintStream out, CallerFigures c) {
        BotTally.CallerHeard bot = c.bot();
        if (c.listen() != null) {
            line(out, "listen", "%s: %d caller frames to the bot, %d flagged lost, %d sequence gaps; "
                    + "%d listen.overflow (%d frames)", c.listen(), bot.frames(), bot.lostFrames(), bot.sequenceGaps(),
                    bot.overflowEvents(), bot.overflowDropped());
        }
        if (c.transcribe()) {
            line(out, "transcribe", "%d partials, %d finals, %d stt.error", bot.partials(), bot.finals(),
                    bot.sttErrors());
        }
        if (c.sayline().isEmpty()) {
            line(out, "sayline", "no caller-side counters: /metrics did not answer");
        }
        c.sayline().forEach((series, growth) -> line(out, "sayline", "%s %.0f", series, growth));
    }

    private static String failure(LoadFigures f) {
        if (f.failed() > 0 || f.completed() < f.calls() || f.botFailures() > 0) {
            if (f.botLoopLateMaxMs() < BOT_BEHIND_MS) {
                return "calls failed or lost their bot";
            }
            return String.format(Locale.ROOT, "calls failed or lost their bot, and the load tool's bot was up to"
                    + " %.0f ms behind: a call whose control channel it answers later than Sayline's"
                    + " control.connectTimeoutMs loses its bot (\"bot unavailable\" in the gateway's log)",
                    f.botLoopLateMaxMs());
        }
        if (f.sequenceGaps() > 0 || f.sequenceJumps() > 0) {
            // the capture's own drops are in the kernel's count only, not in any stream: say so, not which
            return f.captureDropped() == 0 ? "sequence gaps" : String.format(Locale.ROOT, "sequence gaps, and the"
                    + " capture itself dropped %d packets, so they may be its own (a run whose capture drops none"
                    + " decides)", f.captureDropped());
        }
        return String.join("; ", f.caller().problems());
    }

    private static String percentiles(Percentiles p) {
        return percentiles(p, "utterances");
    }

    private static String percentiles(Percentiles p, String of) {
        return p.count() == 0 ? "no samples"
                : String.format(Locale.ROOT, "p50 %d  p99 %d  max %d ms (%d %s)", p.p50(), p.p99(), p.max(),
                p.count(), of);
    }

    static void line(PrintStream out, String label, String format, Object... args) {
        out.printf(Locale.ROOT, "%-12s %s%n", label, String.format(Locale.ROOT, format, args));
    }
}
