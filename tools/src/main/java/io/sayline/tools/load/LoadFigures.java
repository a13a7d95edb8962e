package io.sayline.tools.load;

import io.sayline.core.control.protocol.Event;
import io.sayline.rtp.MediaFrame;
import io.sayline.tools.analyse.StreamStats;
import io.sayline.tools.latency.Percentiles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The figures issue #9 asks of a load run (and issue #10's caller side, with {@code --listen}/{@code --transcribe}),
 * computed once for the text summary and the HTML report.
 *
 * <p>Pacing is |interval − 20 ms| between consecutive packets of a stream, as the capture saw them: per stream
 * (its p99 and max; the worst stream and the median stream are reported) and pooled over all streams.
 * Underruns are counted twice, from both ends: Sayline's own count ({@code speech.done} latency.underrunMs,
 * in 20 ms frames), and from the capture, the talkspurts beyond one per utterance started (the simulator
 * sends steady tones, so speech broken by silence is audio that came late).
 *
 * <p>Heap per call: when a collection ran during the calls, the most heap that survived one, less what had
 * survived before the calls, per live call (the live set); otherwise only an upper bound, the used heap's
 * growth with garbage included, flagged by {@code heapPerCallIsLive} false. Allocation per call-second: {@link
 * AllocationRate}.
 */
record LoadFigures(
        int calls, int completed, int failed,
        int streams, long sequenceGaps, long lostPackets, long sequenceJumps, long timestampJumps, long captureDropped,
        StreamStats.Pooled pooled, double worstStreamP99, double medianStreamP99, long streamsOverOneMs,
        PacingTimeline timeline,
        long underrunFrames, long talkspurtBreaks,
        int utterancesSaid, int utterancesStarted, int utterancesDone, int ttsErrors,
        Percentiles ttfa, Percentiles vendorFirstByte, Percentiles simulatorFirstByte,
        Percentiles overhead, Percentiles pipeline, Percentiles pipelineAfterRamp,
        double gatewayCpuMean, double gatewayCpuMax, double harnessCpuMean, double harnessCpuMax,
        double heapBaselineMb, double heapPeakMb, int peakLiveCalls, double heapKbPerCall, boolean heapPerCallIsLive,
        AllocationRate allocation, int gcPauses, double gcPauseMaxMs, double safepointMaxMs, int threadsMax,
        double loopsGaveWay, double botFailures,
        double botLoopLateMaxMs, double botLoopLateAtSeconds, CallerFigures caller) {
    private static final String GIVE_WAY = "sayline_pacing_give_way_total";
    private static final String BOT_FAILURES = "sayline_bot_failures_total";

    /**
     * @param countersAfter    the gateway's {@code /metrics} after the calls: how often its loops gave way, and its
     *                         calls whose bot channel failed to open or dropped (the warm-up's are not counted)
     * @param botLoopLateMaxMs how far the load bot's own loop fell behind at most ({@link LoopLag})
     * @param botLoopLateAtSeconds when that was, in seconds after the first call was placed
     * @param caller           the caller side with {@code --listen}/{@code --transcribe}, or null
     * @param simulatorFirstByte the simulator's own time to first audio ({@link SimulatorFirstBytes})
     */
    static LoadFigures of(LoadCommand o, List<Sample> samples, BotTally bot, int failed, int completed,
                          List<StreamStats> streams, long captureDropped, GcLog.Pauses pauses,
                          Map<String, Double> countersAfter,
                          double botLoopLateMaxMs, double botLoopLateAtSeconds, CallerFigures caller,
                          Percentiles simulatorFirstByte) {
        double[] streamP99 = streams.stream().mapToDouble(s -> s.deviationQuantileMs(0.99)).filter(Double::isFinite)
                .sorted().toArray();
        long talkspurts = sum(streams, StreamStats::talkspurts);
        List<Event.Latency> latencies = bot.latencies();
        int afterRamp = Math.min(latencies.size(), rampUtterances(samples, o.calls));
        // while calls are live: the figures of a gateway at work, not idle before or after
        List<Sample> busy = samples.stream().filter(s -> s.liveCalls() > 0).toList();
        int peakLive = samples.stream().mapToInt(Sample::liveCalls).max().orElse(0);
        double heapBaseline = samples.stream().mapToDouble(Sample::heapMb).filter(Double::isFinite).findFirst()
                .orElse(Double.NaN);
        double heapPeak = busy.stream().mapToDouble(Sample::heapMb).filter(Double::isFinite).max().orElse(Double.NaN);
        double retainedBaseline = samples.stream().mapToDouble(Sample::retainedMb).filter(Double::isFinite).findFirst()
                .orElse(Double.NaN);
        double liveSet = pauses.maxHeapAfterGcMb();
        boolean measuredLive = Double.isFinite(liveSet) && Double.isFinite(retainedBaseline);
        double heapGrowthMb = measuredLive ? liveSet - retainedBaseline : heapPeak - heapBaseline;
        return new LoadFigures(o.calls, completed, failed,
                streams.size(), sum(streams, StreamStats::sequenceGaps), sum(streams, StreamStats::lostPackets),
                sum(streams, StreamStats::sequenceJumps), sum(streams, StreamStats::timestampJumps), captureDropped,
                StreamStats.pooled(streams),
                streamP99.length == 0 ? Double.NaN : streamP99[streamP99.length - 1],
                streamP99.length == 0 ? Double.NaN : streamP99[streamP99.length / 2],
                Arrays.stream(streamP99).filter(p -> p > 1.0).count(), PacingTimeline.of(streams),
                Math.round(bot.underrunMs() / (double) MediaFrame.MS), Math.max(0, talkspurts - bot.utterancesStarted()),
                bot.utterancesSaid(), bot.utterancesStarted(), bot.utterancesDone(), bot.ttsErrors(),
                Percentiles.of(latencies.stream().map(Event.Latency::ttfaMs).toList()),
                Percentiles.of(latencies.stream().map(Event.Latency::vendorFirstByteMs).filter(ms -> ms >= 0).toList()),
                simulatorFirstByte,
                Percentiles.of(latencies.stream().map(Event.Latency::overheadMs).toList()),
                pipeline(latencies), pipeline(latencies.subList(afterRamp, latencies.size())),
                mean(busy, Sample::gatewayCpu), max(busy, Sample::gatewayCpu),
                mean(busy, Sample::harnessCpu), max(busy, Sample::harnessCpu),
                heapBaseline, heapPeak, peakLive,
                peakLive == 0 ? Double.NaN : heapGrowthMb * 1024 / peakLive, measuredLive,
                AllocationRate.of(pauses.allocations(), samples), pauses.gc().size(), GcLog.Pauses.max(pauses.gc()),
                GcLog.Pauses.max(pauses.safepoints()),
                samples.stream().mapToInt(Sample::gatewayThreads).max().orElse(0),
                countersAfter.getOrDefault(GIVE_WAY, Double.NaN), countersAfter.getOrDefault(BOT_FAILURES, Double.NaN),
                botLoopLateMaxMs,
                botLoopLateAtSeconds, caller);
    }

    /**
     * The exit code's test: every call completed with its bot (SIPp counts a call whose bot was never reached as
     * completed when the caller hangs up during Sayline's apology), and no stream lost or skipped a packet; with the
     * caller heard, also no caller frame lost or dropped and the transcripts there ({@link CallerFigures#problems()}).
     */
    boolean passed() {
        return failed == 0 && completed == calls && !(botFailures > 0) && sequenceGaps == 0 && sequenceJumps == 0
                && (caller == null || caller.problems().isEmpty());
    }

    /** Overhead less the playout wait: what decoding, transcoding and the hand-off to the call took. */
    private static Percentiles pipeline(List<Event.Latency> latencies) {
        return Percentiles.of(latencies.stream().filter(l -> l.overheadMs() >= 0 && l.playoutWaitMs() >= 0)
                .map(l -> Math.max(0, l.overheadMs() - l.playoutWaitMs())).toList());
    }

    /**
     * How many utterances had been said when the last call went live: the bot's {@code speech.done} events come
     * in time order, so the ones after that many are the steady state (the ramp's first-use work left out).
     */
    private static int rampUtterances(List<Sample> samples, int calls) {
        return samples.stream().filter(s -> s.liveCalls() >= calls).mapToInt(Sample::utterances).findFirst()
                .orElse(Integer.MAX_VALUE);
    }

    private static long sum(List<StreamStats> streams, ToLongFunction<StreamStats> figure) {
        return streams.stream().mapToLong(figure).sum();
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        return samples.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    private static double max(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        return samples.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }
}
