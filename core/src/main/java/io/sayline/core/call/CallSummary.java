package io.sayline.core.call;

import java.time.Instant;

/**
 * One live call as {@code GET /calls} shows it: an immutable snapshot.
 *
 * @param id          Sayline's call id
 * @param sipCallId   the SIP Call-ID
 * @param from        caller URI
 * @param to          called URI
 * @param state       lifecycle state, lower case
 * @param codec       negotiated codec, or null before the answer
 * @param localRtpPort our RTP port, or 0 before it is bound
 * @param route       the {@code match} pattern of the route the call took
 * @param bot         the bot address the route named
 * @param tts         the vendor speaking for the call
 * @param startedAt   when the INVITE arrived
 * @param speaking    whether speech is playing or queued
 */
public record CallSummary(String id, String sipCallId, String from, String to, String state, String codec,
        int localRtpPort, String route, String bot, String tts, Instant startedAt, boolean speaking) {
}
