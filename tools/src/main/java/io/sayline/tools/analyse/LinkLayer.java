package io.sayline.tools.analyse;

/**
 * Finds the IPv4 UDP datagram in a captured frame for the link types captures of Sayline come in
 * (tcpdump.org LINKTYPE_ values): NULL/loopback 0, Ethernet 1, raw IP 101 (and 12/228), Linux cooked
 * capture SLL 113 and SLL2 276 (what {@code tshark -i lo} or {@code -i any} writes).
 * Anything else (IPv6, TCP, fragments, truncated headers) gives null.
 */
public final class LinkLayer {
    static final int NULL = 0;
    static final int ETHERNET = 1;
    static final int RAW_OPENBSD = 12;
    static final int RAW = 101;
    static final int LINUX_SLL = 113;
    static final int IPV4 = 228;
    static final int LINUX_SLL2 = 276;

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int AF_INET = 2;
    public static final int ETHERNET_HEADER = 14;
    static final int VLAN_TAG = 4;
    static final int SLL_HEADER = 16;
    static final int SLL_PROTOCOL = 14;
    static final int SLL2_HEADER = 20;
    static final int SLL2_PROTOCOL = 0;
    static final int NULL_HEADER = 4;
    static final int IP_PROTOCOL_UDP = 17;
    public static final int IPV4_MIN_HEADER = 20;
    public static final int UDP_HEADER = 8;
    static final int IP_MORE_FRAGMENTS = 0x2000;
    static final int IP_FRAGMENT_OFFSET = 0x1FFF;

    private LinkLayer() {
    }

    /** The UDP datagram in {@code frame}, or null if it holds none (or one this tool does not read). */
    static UdpDatagram udpOf(CapturedFrame frame) {
        byte[] d = frame.data();
        int ip = ipv4Offset(frame.linkType(), d);
        if (ip < 0 || ip + IPV4_MIN_HEADER > d.length || (d[ip] & 0xF0) != 0x40) {
            return null;
        }
        int ihl = (d[ip] & 0x0F) * 4;
        int totalLength = u16(d, ip + 2);
        int flagsFragment = u16(d, ip + 6);
        if (ihl < IPV4_MIN_HEADER || (d[ip + 9] & 0xFF) != IP_PROTOCOL_UDP
                || (flagsFragment & (IP_MORE_FRAGMENTS | IP_FRAGMENT_OFFSET)) != 0) {
            return null;
        }
        int udp = ip + ihl;
        if (udp + UDP_HEADER > d.length || totalLength < ihl + UDP_HEADER) {
            return null;
        }
        int udpLength = u16(d, udp + 4);
        int payload = udp + UDP_HEADER;
        int length = Math.min(Math.min(udpLength - UDP_HEADER, totalLength - ihl - UDP_HEADER), d.length - payload);
        if (length < 0) {
            return null;
        }
        String src = address(d, ip + 12) + ":" + u16(d, udp);
        String dst = address(d, ip + 16) + ":" + u16(d, udp + 2);
        return new UdpDatagram(frame.timestampNanos(), src, dst, u16(d, udp), d, payload, length);
    }

    private static int ipv4Offset(int linkType, byte[] d) {
        switch (linkType) {
            case NULL:
                if (d.length < NULL_HEADER) {
                    return -1;
                }
                // The address family is in the capturing host's byte order.
                boolean inet = (d[0] == AF_INET && d[1] == 0 && d[2] == 0 && d[3] == 0)
                        || (d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == AF_INET);
                return inet ? NULL_HEADER : -1;
            case ETHERNET: {
                if (d.length < ETHERNET_HEADER) {
                    return -1;
                }
                int type = u16(d, 12);
                int offset = ETHERNET_HEADER;
                if (type == ETHERTYPE_VLAN && d.length >= ETHERNET_HEADER + VLAN_TAG) {
                    type = u16(d, 16);
                    offset += VLAN_TAG;
                }
                return type == ETHERTYPE_IPV4 ? offset : -1;
            }
            case RAW:
            case RAW_OPENBSD:
            case IPV4:
                return 0;
            case LINUX_SLL:
                return d.length >= SLL_HEADER && u16(d, SLL_PROTOCOL) == ETHERTYPE_IPV4 ? SLL_HEADER : -1;
            case LINUX_SLL2:
                return d.length >= SLL2_HEADER && u16(d, SLL2_PROTOCOL) == ETHERTYPE_IPV4 ? SLL2_HEADER : -1;
            default:
                return -1;
        }
    }

    private static int u16(byte[] d, int i) {
        return ((d[i] & 0xFF) << 8) | (d[i + 1] & 0xFF);
    }

    private static String address(byte[] d, int i) {
        return (d[i] & 0xFF) + "." + (d[i + 1] & 0xFF) + "." + (d[i + 2] & 0xFF) + "." + (d[i + 3] & 0xFF);
    }
}
