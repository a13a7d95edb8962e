package io.sayline.core.call;

import io.sayline.core.control.protocol.Event;
import io.sayline.core.listen.AudioForwarder;
import io.sayline.core.listen.CallerTimeline;
import io.sayline.core.records.CallRecord;
import io.sayline.rtp.playout.PlayoutStats;
import io.sayline.rtp.session.RtpSessionStats;
import java.time.Instant;
import java.util.Arrays;

/**
 * The counts a call's record needs, kept as the call goes. Confined to the call loop.
 */
final class CallTally {
    private Instant answeredAt;
    private int utterances;
    private int utterancesInterrupted;
    private int vendorErrors;
    private int dtmfReceived;
    private int transcripts;
    private int sttErrors;
    private long[] ttfaMs = new long[8];
    private int ttfaCount;

    void answered() {
        answeredAt = Instant.now();
    }

    void digitReceived() {
        dtmfReceived++;
    }

    /** Counts what an event sent to the bot says about the call's speech. */
    void observe(Event event) {
        if (event instanceof Event.SpeechDone done) {
            utterances++;
            long ttfa = done.latency().ttfaMs();
            if (ttfa >= 0) {
                if (ttfaCount == ttfaMs.length) {
                    ttfaMs = Arrays.copyOf(ttfaMs, ttfaCount * 2);
                }
                ttfaMs[ttfaCount++] = ttfa;
            }
        } else if (event instanceof Event.SpeechInterrupted) {
            utterancesInterrupted++;
        } else if (event instanceof Event.TtsError) {
            vendorErrors++;
        } else if (event instanceof Event.Transcript transcript && transcript.isFinal()) {
            transcripts++;
        } else if (event instanceof Event.SttError) {
            sttErrors++;
        }
    }

    /**
     * The record of the call that has just ended; {@code rtp} is null when no port was ever bound, {@code listen}
     * when the bot was never connected.
     */
    CallRecord record(CallSummary call, Instant endedAt, long durationMs, Event.EndReason reason,
                      RtpSessionStats rtp, CallerTimeline.Stats caller, AudioForwarder.Stats listen,
                      long sttFramesNotSent) {
        long[] sorted = Arrays.copyOf(ttfaMs, ttfaCount);
        Arrays.sort(sorted);
        PlayoutStats playout = rtp == null ? null : rtp.playout();
        return new CallRecord(call.id(), call.sipCallId(), call.from(), call.to(), call.route(), call.bot(), call.tts(),
                call.codec(), call.startedAt(), answeredAt, endedAt, durationMs, reason.wireName(),
                utterances, utterancesInterrupted,
                ttfaCount == 0 ? null : sorted[(ttfaCount - 1) / 2], ttfaCount == 0 ? null : sorted[ttfaCount - 1],
                vendorErrors, playout == null ? 0 : playout.underrunMs(), dtmfReceived,
                rtp == null ? 0 : rtp.packetsSent(), rtp == null ? 0 : rtp.packetsReceived(),
                caller.frames(), caller.lostFrames(), listen == null ? 0 : listen.forwarded(),
                listen == null ? 0 : listen.overflowDropped(), transcripts, sttErrors, sttFramesNotSent);
    }
}
