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
        long rtpPacketsReceived) {
}
