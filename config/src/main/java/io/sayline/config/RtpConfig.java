package io.sayline.config;

import java.util.List;

/**
 * The media plane: the UDP port range, packetisation, codecs, what is sent when nobody speaks, and how the
 * pacing threads are readied.
 *
 * @param realtimePriority SCHED_FIFO priority (1-99) of the call loops that pace the frames, 0 for the
 *                         normal scheduler
 * @param warmUp           place one in-process call per call loop before SIP is bound, so the first real
 *                         callers do not meet cold code
 * @param symmetric        accept the caller's media from the source it is first learned from (callers behind
 *                         NAT) instead of only from the address and port of its SDP
 * @param allowedMediaNetworks networks an SDP {@code c=} address may be in even when it is loopback, multicast,
 *                         unspecified or (with {@code refusePrivateMedia}) private; others like it get 488
 * @param refusePrivateMedia refuse offers whose media address is private (RFC 1918, link-local, fc00::/7) unless
 *                         allowed: for a server that only takes calls from public trunks
 */
public record RtpConfig(
        String portRange,
        int ptime,
        List<String> codecs,
        String idle,
        int rtpTimeoutSeconds,
        int realtimePriority,
        boolean warmUp,
        boolean symmetric,
        List<String> allowedMediaNetworks,
        boolean refusePrivateMedia) {

    public RtpConfig {
        codecs = List.copyOf(codecs);
        allowedMediaNetworks = List.copyOf(allowedMediaNetworks);
    }

    /** The parsed {@link #portRange()}; valid once the configuration has been validated. */
    public PortRange ports() {
        return PortRange.parse(portRange);
    }

    /** True when idle periods carry silence frames (keeps NATs and jitter buffers warm); false sends nothing. */
    public boolean sendsSilenceWhenIdle() {
        return "silence".equals(idle);
    }
}
