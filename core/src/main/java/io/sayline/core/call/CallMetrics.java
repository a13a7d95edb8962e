package io.sayline.core.call;

import io.sayline.core.control.protocol.Event;
import io.sayline.core.metrics.Metrics;

/** The call-level instruments on {@code /metrics}: counts of calls and their ends, and latency histograms. */
final class CallMetrics {
    private static final double[] LATENCY_SECONDS = {0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5};

    final Metrics.Counter callsStarted;
    final Metrics.Counter callsFailed;
    final Metrics.Counter botFailures;
    final Metrics.Counter ttsErrors;
    final Metrics.Counter utterancesInterrupted;
    final Metrics.Counter controlErrors;
    private final Metrics registry;
    private final Metrics.Histogram ttfa;
    private final Metrics.Histogram vendorFirstByte;
    private final Metrics.Histogram overhead;
    private final Metrics.Histogram underrun;

    CallMetrics(Metrics metrics) {
        this.registry = metrics;
        callsStarted = metrics.counter("sayline_calls_total", "Calls accepted (INVITEs answered or being answered).");
        callsFailed = metrics.counter("sayline_calls_failed_total", "Calls that ended in an error.");
        botFailures = metrics.counter("sayline_bot_failures_total", "Bot control channels that failed to connect or dropped.");
        ttsErrors = metrics.counter("sayline_tts_errors_total", "TTS vendor failures reported to bots.");
        utterancesInterrupted = metrics.counter("sayline_utterances_interrupted_total", "Utterances cut off (clear, barge-in, preemption).");
        controlErrors = metrics.counter("sayline_control_errors_total", "Invalid control messages answered with an error event.");
        ttfa = metrics.histogram("sayline_ttfa_seconds", "Bot's first say to first RTP packet of the utterance.", LATENCY_SECONDS);
        vendorFirstByte = metrics.histogram("sayline_vendor_first_byte_seconds", "TTS request sent to first audio byte.", LATENCY_SECONDS);
        overhead = metrics.histogram("sayline_gateway_overhead_seconds", "First vendor audio byte to first RTP packet.", LATENCY_SECONDS);
        underrun = metrics.histogram("sayline_underrun_seconds", "Silence inserted inside utterances because audio came late.", LATENCY_SECONDS);
    }

    Metrics registry() {
        return registry;
    }

    /** Records what an event says about the media path. */
    void observe(Event event) {
        if (event instanceof Event.SpeechDone done) {
            Event.Latency latency = done.latency();
            observeMillis(ttfa, latency.ttfaMs());
            observeMillis(vendorFirstByte, latency.vendorFirstByteMs());
            observeMillis(overhead, latency.overheadMs());
            observeMillis(underrun, latency.underrunMs());
        } else if (event instanceof Event.SpeechInterrupted) {
            utterancesInterrupted.increment();
        } else if (event instanceof Event.TtsError) {
            ttsErrors.increment();
        }
    }

    private static void observeMillis(Metrics.Histogram histogram, long millis) {
        if (millis >= 0) {
            histogram.observe(millis / 1000.0);
        }
    }
}
