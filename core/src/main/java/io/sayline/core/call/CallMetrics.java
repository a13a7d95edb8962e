package io.sayline.core.call;

import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.metrics.Labels;
import io.sayline.core.metrics.Metrics;
import io.sayline.core.listen.ListenCounters;
import io.sayline.core.speech.SpeechCounters;
import io.sayline.core.stt.SttCounters;
import io.sayline.rtp.MediaCounters;
import io.sayline.rtp.MediaFrame;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The call-level instruments on {@code /metrics}: counts of calls and their ends, the media counters (live:
 * every RTP session adds to {@link #media} as it goes), and latency histograms. docs/operations.md lists them.
 */
final class CallMetrics {
    private static final double[] LATENCY_SECONDS = {0.005, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5};
    private static final String TTS_ERRORS = "sayline_tts_errors_total";
    private static final String TTS_ERRORS_HELP = "TTS vendor failures reported to bots, by vendor and code.";

    final Metrics.Counter callsStarted;
    final Metrics.Counter callsFailed;
    final Metrics.Counter botFailures;
    final Metrics.Counter utterancesInterrupted;
    final Metrics.Counter configureRejected;
    /** Commands refused by the call itself (rate, voices); the speaker counts its own (SpeechCounters). */
    final LongAdder commandsRefused = new LongAdder();
    final Metrics.Counter transfersRefused;
    final Metrics.Counter bargeIns;
    /** Shared by every call's RTP session and playout buffer. */
    final MediaCounters media = new MediaCounters();
    /** Shared by every call's speaker and vendor streams. */
    final SpeechCounters speech = new SpeechCounters();
    /** The caller's side: timelines and audio forwarded to bots. */
    final ListenCounters listen = new ListenCounters();
    /** Every call's transcription. */
    final SttCounters stt = new SttCounters();
    private final Metrics.Counter controlInvalidFrames;
    private final Metrics.Counter controlEventsDropped;
    private final Metrics registry;
    private final Metrics.Histogram ttfa;
    private final Metrics.Histogram vendorFirstByte;
    private final Metrics.Histogram overhead;
    private final Metrics.Histogram underrun;

    CallMetrics(Metrics metrics) {
        this.registry = metrics;
        callsStarted = metrics.counter("sayline_calls_total", "Calls taken on (routed INVITEs), including those then refused for want of an RTP port.");
        callsFailed = metrics.counter("sayline_calls_failed_total", "Calls that ended with reason error (as their call records say).");
        botFailures = metrics.counter("sayline_bot_failures_total", "Bot control channels that failed to connect or dropped.");
        utterancesInterrupted = metrics.counter("sayline_utterances_interrupted_total", "Utterances cut off (clear, barge-in, preemption).");
        configureRejected = metrics.counter("sayline_configure_rejected_total", "configure commands refused as invalid (call unchanged).");
        transfersRefused = metrics.counter("sayline_transfers_refused_total",
                "transfer commands naming a target outside the route's transferTo (no REFER sent).");
        metrics.counterOf("sayline_commands_refused_total",
                "Bot commands refused at a per-call bound: more than 200 a second, 16 voices, 64 queued utterances, "
                        + "the text limit, 256 pending marks.", () -> commandsRefused.sum() + speech.commandsRefused.sum());
        bargeIns = metrics.counter("sayline_barge_ins_total", "Utterances cut short by the caller starting to speak (barge-in).");
        controlInvalidFrames = metrics.counter("sayline_control_invalid_frames_total",
                "Control frames from bots that were invalid (counted when each call ends).");
        controlEventsDropped = metrics.counter("sayline_control_events_dropped_total",
                "Events not delivered because the bot channel was closed (counted when each call ends).");
        metrics.countersOf("sayline_rtp_packets_total", "RTP packets sent (out: audio, silence, DTMF) and datagrams received (in).",
                () -> Map.of(Labels.of("direction", "in"), media.packetsReceived.sum(),
                        Labels.of("direction", "out"), media.packetsSent.sum()));
        metrics.countersOf("sayline_rtp_dropped_total", "Received RTP dropped, by reason.",
                () -> Map.of(Labels.of("direction", "in", "reason", "malformed"), media.droppedMalformed.sum(),
                        Labels.of("direction", "in", "reason", "foreign-ssrc"), media.droppedForeignSsrc.sum(),
                        Labels.of("direction", "in", "reason", "foreign-source"), media.droppedForeignSource.sum(),
                        Labels.of("direction", "in", "reason", "payload-type"), media.droppedPayloadType.sum(),
                        Labels.of("direction", "in", "reason", "oversized"), media.droppedOversized.sum(),
                        Labels.of("direction", "in", "reason", "flood"), media.droppedFlood.sum()));
        metrics.counterOf("sayline_rtcp_packets_total",
                "RTCP packets received on RTP ports (multiplexed, RFC 5761): counted, not used.", media.rtcpReceived::sum);
        metrics.countersOf("sayline_speech_frames_total",
                "20 ms frames of speech by stage: received from vendor threads on the call loops, dropped there as stale"
                        + " (their utterance already cancelled), queued for playout, dropped past an utterance's limit"
                        + " (5 min of audio, 10 min of streaming).",
                () -> Map.of(Labels.of("stage", "received"), speech.framesReceived.sum(),
                        Labels.of("stage", "stale-dropped"), speech.framesStale.sum(),
                        Labels.of("stage", "queued"), speech.framesQueued.sum(),
                        Labels.of("stage", "over-limit-dropped"), speech.framesOverLimit.sum()));
        metrics.counterOf("sayline_vendor_decode_errors_total",
                "Pieces of vendor audio that did not decode and were skipped (counted when each utterance's audio ends).",
                speech.decodeErrors::sum);
        metrics.counterOf("sayline_rtp_socket_errors_total", "Errors RTP sockets reported (failed sends, ICMP).",
                media.socketErrors::sum);
        metrics.counterOf("sayline_playout_underruns_total", "Times a playout buffer ran dry inside an utterance.",
                media.underruns::sum);
        metrics.countersOf("sayline_playout_underrun_seconds_total", "Silence inserted inside utterances because audio came late.",
                () -> Map.of(Labels.NONE, media.underrunFrames.sum() * MediaFrame.SECONDS));
        metrics.counterOf("sayline_playout_rejected_frames_total", "Frames refused at a playout buffer's hard cap.",
                media.playoutRejectedFrames::sum);
        metrics.countersOf("sayline_caller_frames_total",
                "20 ms frames of the callers' audio on the call timelines: all, and those lost (not received, filled with silence).",
                () -> Map.of(Labels.of("kind", "all"), listen.callerFrames.sum(),
                        Labels.of("kind", "lost-filled"), listen.callerFramesLost.sum()));
        metrics.countersOf("sayline_caller_packets_dropped_total",
                "Caller audio packets left off the timeline: late (their place already passed) or duplicate.",
                () -> Map.of(Labels.of("reason", "late"), listen.latePackets.sum(),
                        Labels.of("reason", "duplicate"), listen.duplicatePackets.sum()));
        metrics.counterOf("sayline_caller_timeline_discontinuities_total",
                "Caller timelines restarted by a new SSRC or a timestamp jump too large to fill.", listen.discontinuities::sum);
        metrics.countersOf("sayline_listen_frames_total",
                "Caller frames for bots that asked to listen: forwarded, or dropped (oldest first) because the bot read too slowly.",
                () -> Map.of(Labels.of("outcome", "forwarded"), listen.framesForwarded.sum(),
                        Labels.of("outcome", "overflow-dropped"), listen.framesOverflowDropped.sum()));
        metrics.countersOf("sayline_stt_transcripts_total", "Transcript events sent to bots, partial and final.",
                () -> Map.of(Labels.of("kind", "partial"), stt.partials.sum(), Labels.of("kind", "final"), stt.finals.sum()));
        metrics.countersOf("sayline_stt_dropped_total",
                "Speech-to-text losses: caller frames not sent to the vendor (stream down or behind), partials dropped on a backlog.",
                () -> Map.of(Labels.of("what", "caller-frames"), stt.framesNotSent.sum(),
                        Labels.of("what", "partials"), stt.partialsDropped.sum()));
        metrics.countersOf("sayline_stt_streams_total", "Speech-to-text streams that failed, and reconnects after them.",
                () -> Map.of(Labels.of("event", "failed"), stt.failures.sum(), Labels.of("event", "reconnect"),
                        stt.reconnects.sum()));
        metrics.counterOf("sayline_stt_chunks_total", "Audio chunks queued to speech-to-text vendors.", stt.chunksSent::sum);
        metrics.counterFamily(TTS_ERRORS, TTS_ERRORS_HELP);
        ttfa = metrics.histogram("sayline_ttfa_seconds", "Bot's first say to first RTP packet of the utterance.", LATENCY_SECONDS);
        vendorFirstByte = metrics.histogram("sayline_vendor_first_byte_seconds", "TTS request sent to first audio byte.", LATENCY_SECONDS);
        overhead = metrics.histogram("sayline_gateway_overhead_seconds",
                "Time to first audio less the vendor's first-byte time: what Sayline itself adds.", LATENCY_SECONDS);
        underrun = metrics.histogram("sayline_underrun_seconds", "Silence inserted inside one utterance because audio came late.",
                LATENCY_SECONDS);
    }

    Metrics registry() {
        return registry;
    }

    /** Adds an ending call's control-channel counters. */
    void record(ControlChannel.Stats control) {
        controlInvalidFrames.add(control.invalidFrames());
        controlEventsDropped.add(control.eventsDropped());
    }

    /** Records what an event sent to the bot of a call speaking with {@code vendor} says about the media path. */
    void observe(Event event, String vendor) {
        if (event instanceof Event.SpeechDone done) {
            Event.Latency latency = done.latency();
            observeMillis(ttfa, latency.ttfaMs());
            observeMillis(vendorFirstByte, latency.vendorFirstByteMs());
            observeMillis(overhead, latency.overheadMs());
            observeMillis(underrun, latency.underrunMs());
        } else if (event instanceof Event.SpeechInterrupted) {
            utterancesInterrupted.increment();
        } else if (event instanceof Event.TtsError error) {
            // The codes are Sayline's own (docs/protocol.md, tts.error), so the label set stays small.
            registry.counter(TTS_ERRORS, TTS_ERRORS_HELP, Labels.of("vendor", vendor, "code", error.code())).increment();
        }
    }

    private static void observeMillis(Metrics.Histogram histogram, long millis) {
        if (millis >= 0) {
            histogram.observe(millis / 1000.0);
        }
    }
}
