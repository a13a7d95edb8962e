package io.sayline.config;

import java.util.List;

/** The signalling plane: where SIP listens and whom it accepts calls from. */
public record SipConfig(
        String bind,
        int port,
        List<String> transports,
        String publicAddress,
        List<String> allow,
        int maxCallsPerSecond) {

    public SipConfig {
        transports = List.copyOf(transports);
        allow = List.copyOf(allow);
    }
}
