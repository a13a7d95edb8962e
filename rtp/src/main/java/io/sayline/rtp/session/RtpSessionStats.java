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
 * @param oversized            datagrams larger than any packet of a G.711 call (dropped)
 * @param rtcp                 RTCP packets multiplexed on the RTP port (counted, not used)
 * @param flood                the caller's packets beyond the most a 20 ms call sends in a second (dropped)
 * @param dtmfDigits           key presses reported
 * @param sendBufferFallbacks  sends that needed a fresh buffer because the reused one was still queued
 * @param listenerFailures     listener calls that threw
 * @param channelErrors        errors the socket reported (failed writes, ICMP errors), counted and survived
 * @param playout              the playout buffer's counters, or null before {@code start}
 */
public record RtpSessionStats(long packetsSent, long bytesSent, long packetsReceived, long bytesReceived,
                              long malformed, long foreignSsrc, long foreignSource, long otherPayloadType,
                              long oversized, long rtcp, long flood,
                              long dtmfDigits,
                              long sendBufferFallbacks, long listenerFailures, long channelErrors,
                              PlayoutStats playout) {
}
