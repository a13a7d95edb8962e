package io.sayline.tools.analyse;

/**
 * An IPv4 UDP datagram found in a captured frame.
 *
 * @param timestampNanos capture time
 * @param source         source address and port, {@code a.b.c.d:port}
 * @param destination    destination address and port
 * @param sourcePort     the source port alone (for filtering)
 * @param data           the frame bytes
 * @param offset         where the UDP payload starts in {@code data}
 * @param length         UDP payload length (bounded by what was captured)
 */
record UdpDatagram(long timestampNanos, String source, String destination, int sourcePort, byte[] data, int offset,
                   int length) {
}
