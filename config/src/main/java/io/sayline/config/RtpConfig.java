package io.sayline.config;

import java.util.List;

/** The media plane: the UDP port range, packetisation, codecs and what is sent when nobody speaks. */
public record RtpConfig(
        String portRange,
        int ptime,
        List<String> codecs,
        String idle,
        int rtpTimeoutSeconds) {

    public RtpConfig {
        codecs = List.copyOf(codecs);
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
