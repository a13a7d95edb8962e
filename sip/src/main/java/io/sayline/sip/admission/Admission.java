package io.sayline.sip.admission;

import io.sayline.config.SipConfig;

/**
 * Who may ask what of the SIP port, in the order the router asks: {@code sip.allow}, the per-source limits and
 * bans, then for a new call the route's digest credentials, the cap on live calls and the call rate.
 *
 * @param maxCalls         live calls at most ({@code sip.maxCalls}); 0 for no cap of its own (the RTP port range
 *                         still bounds them)
 * @param answerDisallowed answer sources outside {@code sip.allow} with 403 rather than drop their requests
 */
public record Admission(SourceFilter allow, SourceLimiter perSource, CallRateLimiter callRate, int maxCalls,
                        boolean answerDisallowed, DigestAuth digest) {

    /** The policy {@code config} describes, on the system clock. */
    public static Admission of(SipConfig config) {
        return new Admission(SourceFilter.parse(config.allow()), new SourceLimiter(config.perSource(), System::nanoTime),
                new CallRateLimiter(config.maxCallsPerSecond(), System::nanoTime), config.maxCalls(),
                config.answerDisallowed(), new DigestAuth(System::nanoTime));
    }
}
