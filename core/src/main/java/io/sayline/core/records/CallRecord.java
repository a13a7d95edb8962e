package io.sayline.core.records;

import java.time.Instant;

/**
 * What one ended call leaves behind, written as one JSON line (docs/call-records.md describes each field).
 *
 * @param answeredAt       when the 200 OK was sent; null for a call that was never answered
 * @param ttfaP50Ms        median time to first audio over the call's completed utterances; null without any
 * @param ttfaMaxMs        the longest of them; null without any
 * @param underrunMs       silence inserted inside utterances because audio came late
 * @param dtmfReceived     keys the caller pressed (RFC 4733 events and SIP INFO)
 * @param callerFrames     20 ms frames on the caller timeline, received or lost
 * @param callerFramesLost of those, frames not (wholly) received: filled with silence
 * @param listenFramesSent caller frames written to the bot ({@code listen})
 * @param listenFramesDropped caller frames dropped because the bot read too slowly
 * @param transcripts      final transcripts sent to the bot ({@code transcribe})
 * @param sttErrors        {@code stt.error} events sent to the bot
 * @param sttFramesNotSent caller frames not sent to the speech-to-text vendor while its stream was down or behind
 */
public record CallRecord(
        String callId,
        String sipCallId,
        String from,
        String to,
        String route,
        String bot,
        String tts,
        String codec,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        long durationMs,
        String endReason,
        int utterances,
        int utterancesInterrupted,
        Long ttfaP50Ms,
        Long ttfaMaxMs,
        int vendorErrors,
        long underrunMs,
        int dtmfReceived,
        long rtpPacketsSent,
        long rtpPacketsReceived,
        long callerFrames,
        long callerFramesLost,
        long listenFramesSent,
        long listenFramesDropped,
        int transcripts,
        int sttErrors,
        long sttFramesNotSent) {
}
