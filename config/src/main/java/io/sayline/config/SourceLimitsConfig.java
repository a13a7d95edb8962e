package io.sayline.config;

import java.util.List;

/**
 * {@code sip.perSource}: how much one source address may ask of the SIP port before it is refused, and then
 * banned, the way Kamailio's pike module protects a proxy.
 *
 * @param invitesPerSecond  new INVITEs (outside any dialog) per second from one address; past it 503. 0: no limit
 * @param requestsPerSecond other requests outside a live dialog (OPTIONS, REGISTER, requests for unknown calls,
 *                          unknown methods) per second from one address; past it dropped. 0: no limit
 * @param banSeconds        a source that sends twice its limit within a second is ignored this long. 0: never ban
 * @param exempt            networks never limited nor banned: the trunk's or the load balancer's addresses
 */
public record SourceLimitsConfig(int invitesPerSecond, int requestsPerSecond, int banSeconds, List<String> exempt) {

    public SourceLimitsConfig {
        exempt = List.copyOf(exempt);
    }

    /** No limit at all: for tests and tools that drive one server hard from one address. */
    public static SourceLimitsConfig unlimited() {
        return new SourceLimitsConfig(0, 0, 0, List.of());
    }
}
