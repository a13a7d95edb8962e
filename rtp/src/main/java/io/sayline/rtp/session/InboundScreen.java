package io.sayline.rtp.session;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;

/**
 * Checks on received datagrams that cost nothing before the RTP decoder runs, and one after it: a datagram larger
 * than any packet a G.711 call sends, RTCP multiplexed on the RTP port (RFC 5761 §4: its packet types 200–204 fill
 * the byte where RTP has its marker and payload type; counted, not mistaken for malformed RTP), and a caller's
 * packets beyond a rate no 20 ms call reaches (a flood: dropped so that it cannot keep the call loop busy).
 * On the call loop; the counts are the call's own.
 */
final class InboundScreen {
    /** An Ethernet MTU: a 20 ms G.711 packet is 172 bytes, even 60 ms would be 492. */
    static final int MAX_DATAGRAM_BYTES = 1500;
    /** 50 audio packets a second, with room for RFC 4733 events, their redundant ends and SSRC changes. */
    static final int MAX_PACKETS_PER_SECOND = 250;
    private static final int RTCP_FIRST_TYPE = 200;
    private static final int RTCP_LAST_TYPE = 204;
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);

    private long windowStart;
    private int inWindow;
    private long oversized;
    private long rtcp;
    private long flood;

    /** True for a datagram too large to be one of a G.711 call's packets (counted). */
    boolean oversized(ByteBuf datagram) {
        if (datagram.readableBytes() > MAX_DATAGRAM_BYTES) {
            oversized++;
            return true;
        }
        return false;
    }

    /** True for an RTCP packet multiplexed on the RTP port (counted). */
    boolean rtcp(ByteBuf datagram) {
        if (datagram.readableBytes() < 2 || (datagram.getUnsignedByte(datagram.readerIndex()) >> 6) != 2) {
            return false;
        }
        int type = datagram.getUnsignedByte(datagram.readerIndex() + 1);
        if (type >= RTCP_FIRST_TYPE && type <= RTCP_LAST_TYPE) {
            rtcp++;
            return true;
        }
        return false;
    }

    /** True when a packet from the caller's accepted source is one too many for this second (counted). */
    boolean flood(long now) {
        if (now - windowStart >= ONE_SECOND) {
            windowStart = now;
            inWindow = 0;
        }
        if (++inWindow > MAX_PACKETS_PER_SECOND) {
            flood++;
            return true;
        }
        return false;
    }

    long oversizedCount() {
        return oversized;
    }

    long rtcpCount() {
        return rtcp;
    }

    long floodCount() {
        return flood;
    }
}
