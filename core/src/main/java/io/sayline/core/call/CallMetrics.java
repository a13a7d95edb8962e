package io.sayline.core.call;

import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.metrics.Metrics;
import io.sayline.rtp.playout.PlayoutStats;
import io.sayline.rtp.session.RtpSessionStats;

/** The call-level instruments on {@code /metrics}: counts of calls and their ends, and latency histograms. */
final class CallMetrics {
    private static final double[] LATENCY_SECONDS = {0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5};

    final Metrics.Counter callsStarted;
    final Metrics.Counter callsFailed;
    final Metrics.Counter botFailures;
    final Metrics.Counter ttsErrors;
    final Metrics.Counter utterancesInterrupted;
    final Metrics.Counter configureRejected;
    final Metrics.Counter bargeIns;
    private final Metrics.Counter rtpSent;
    private final Metrics.Counter rtpReceived;
    private final Metrics.Counter rtpMalformed;
    private final Metrics.Counter rtpForeignSsrc;
    private final Metrics.Counter rtpOtherPayloadType;
    private final Metrics.Counter rtpChannelErrors;
    private final Metrics.Counter playoutUnderruns;
    private final Metrics.Counter playoutUnderrunMs;
    private final Metrics.Counter playoutRejectedFrames;
    private final Metrics.Counter controlInvalidFrames;
    private final Metrics.Counter controlEventsDropped;
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
        configureRejected = metrics.counter("sayline_configure_rejected_total", "configure commands refused as invalid (call unchanged).");
        bargeIns = metrics.counter("sayline_barge_ins_total", "Caller speech detected while Sayline spoke.");
        rtpSent = metrics.counter("sayline_rtp_packets_sent_total", "RTP packets sent (counted when each call ends).");
        rtpReceived = metrics.counter("sayline_rtp_packets_received_total", "Datagrams received on RTP ports.");
        rtpMalformed = metrics.counter("sayline_rtp_malformed_total", "Datagrams on RTP ports that were not valid RTP (dropped).");
        rtpForeignSsrc = metrics.counter("sayline_rtp_foreign_ssrc_total", "RTP packets from an unexpected SSRC (dropped).");
        rtpOtherPayloadType = metrics.counter("sayline_rtp_other_payload_type_total", "RTP packets in a payload type not negotiated (dropped).");
        rtpChannelErrors = metrics.counter("sayline_rtp_socket_errors_total", "Errors RTP sockets reported (failed sends, ICMP).");
        playoutUnderruns = metrics.counter("sayline_playout_underruns_total", "Times a playout buffer ran dry inside an utterance.");
        playoutUnderrunMs = metrics.counter("sayline_playout_underrun_ms_total", "Silence inserted inside utterances, ms.");
        playoutRejectedFrames = metrics.counter("sayline_playout_rejected_frames_total", "Frames refused at a playout buffer's hard cap.");
        controlInvalidFrames = metrics.counter("sayline_control_invalid_frames_total", "Control frames from bots that were invalid.");
        controlEventsDropped = metrics.counter("sayline_control_events_dropped_total", "Events not delivered because the bot channel was closed.");
        ttfa = metrics.histogram("sayline_ttfa_seconds", "Bot's first say to first RTP packet of the utterance.", LATENCY_SECONDS);
        vendorFirstByte = metrics.histogram("sayline_vendor_first_byte_seconds", "TTS request sent to first audio byte.", LATENCY_SECONDS);
        overhead = metrics.histogram("sayline_gateway_overhead_seconds", "First vendor audio byte to first RTP packet.", LATENCY_SECONDS);
        underrun = metrics.histogram("sayline_underrun_seconds", "Silence inserted inside utterances because audio came late.", LATENCY_SECONDS);
    }

    Metrics registry() {
        return registry;
    }

    /** Adds an ending call's RTP counters. */
    void record(RtpSessionStats rtp) {
        rtpSent.add(rtp.packetsSent());
        rtpReceived.add(rtp.packetsReceived());
        rtpMalformed.add(rtp.malformed());
        rtpForeignSsrc.add(rtp.foreignSsrc());
        rtpOtherPayloadType.add(rtp.otherPayloadType());
        rtpChannelErrors.add(rtp.channelErrors());
        PlayoutStats playout = rtp.playout();
        if (playout != null) {
            playoutUnderruns.add(playout.underruns());
            playoutUnderrunMs.add(playout.underrunMs());
            playoutRejectedFrames.add(playout.rejectedFrames());
        }
    }

    /** Adds an ending call's control-channel counters. */
    void record(ControlChannel.Stats control) {
        controlInvalidFrames.add(control.invalidFrames());
        controlEventsDropped.add(control.eventsDropped());
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
