package io.sayline.rtp.session;

import io.sayline.rtp.playout.PlayoutStats;

/**
 * An immutable snapshot of an {@link RtpSession}'s counters.
 *
 * @param packetsSent          RTP packets written (audio, silence, DTMF)
 * @param bytesSent            payload bytes of those packets
 * @param packetsReceived      datagrams received
 * @param bytesReceived        bytes of those datagrams
 * @param malformed            datagrams that were not valid RTP (dropped)
 * @param foreignSsrc          packets from an SSRC other than the latched one (dropped)
 * @param foreignSource        datagrams from an address other than the caller's media source (dropped)
 * @param otherPayloadType     valid packets in a payload type we did not negotiate (dropped, e.g. CN)
 * @param dtmfDigits           key presses reported
 * @param sendBufferFallbacks  sends that needed a fresh buffer because the reused one was still queued
 * @param listenerFailures     listener calls that threw
 * @param channelErrors        errors the socket reported (failed writes, ICMP errors), counted and survived
 * @param playout              the playout buffer's counters, or null before {@code start}
 */
public record RtpSessionStats(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
                              long malformed, long foreignSsrc, long foreignSource, long otherPayloadType,
                              long dtmfDigits,
                              long sendBufferFallbacks, long listenerFailures, long channelErrors,
                              PlayoutStats playout) {
}
