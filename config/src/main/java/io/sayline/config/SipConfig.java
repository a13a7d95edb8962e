package io.sayline.config;

import java.util.List;

/**
 * The signalling plane: where SIP listens and whom it accepts calls from.
 *
 * @param maxCalls          live calls at most; a new INVITE past it gets 503 with Retry-After. 0: as many as the
 *                          RTP port range holds
 * @param answerDisallowed  answer requests from sources outside {@link #allow()} with 403 instead of dropping them
 *                          without a word (which tells a scanner nothing)
 * @param perSource         what one source address may ask before it is refused, then banned
 * @param tls               the TLS port and its certificate, for {@code transports: [..., tls]}
 */
public record SipConfig(
        String bind,
        int port,
        List<String> transports,
        String publicAddress,
        List<String> allow,
        int maxCallsPerSecond,
        int maxCalls,
        boolean answerDisallowed,
        SourceLimitsConfig perSource,
        SipTlsConfig tls) {

    public SipConfig {
        transports = List.copyOf(transports);
        allow = List.copyOf(allow);
    }
}
