/**
 * Sayline's signalling plane: a SIP user agent server on the JAIN SIP RI.
 *
 * <p>Entry point {@link io.sayline.sip.SipServer#start}; the call orchestration implements
 * {@link io.sayline.sip.SipCallListener} and drives each {@link io.sayline.sip.InboundCall}.
 *
 * <p>Threading contract:
 * <ul>
 *   <li>Listener callbacks run on the stack's bounded listener pool (re-entrant listener, 8 threads) or on
 *       the server's one daemon timer thread, with the call's lock held: per call they are ordered, start with
 *       {@code onInvite} and end with exactly one {@code onEnded}. They must hand over and return.</li>
 *   <li>{@code InboundCall} methods may be called from any thread (e.g. the call's event loop); they take the
 *       call's lock briefly and send at most one UDP/TCP message.</li>
 *   <li>No thread per call: a call costs one map entry, the stack's transactions and one pending timer.</li>
 * </ul>
 *
 * <p>Sub-packages: {@code stack} (JAIN SIP wiring, message building and sending), {@code dialog} (the call
 * state machine), {@code sdp} (RFC 4566/3264), {@code validation} (RFC 3261 request checks),
 * {@code admission} (ACL, call rate), {@code dtmf} (SIP INFO digits), {@code logging} (SLF4J bridge).
 */
package io.sayline.sip;
