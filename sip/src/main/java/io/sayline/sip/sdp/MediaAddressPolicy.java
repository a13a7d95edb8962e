package io.sayline.sip.sdp;

import io.sayline.config.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which SDP {@code c=} addresses Sayline will send a call's media to ({@code rtp.allowedMediaNetworks},
 * {@code rtp.refusePrivateMedia}). An offer naming a loopback, multicast or unspecified address, or with
 * {@code refusePrivateMedia} a private one, is refused with 488 unless the address is in an allowed network: a
 * caller must not be able to point Sayline's RTP at the machine itself, at a multicast group, or into the
 * operator's own network (the "media relay as a weapon" attack). The unspecified address is still taken in a
 * re-offer, where RFC 3264 §8.4 lets it mean hold: nothing is ever sent to it.
 */
public final class MediaAddressPolicy {
    /** Refuses nothing: SIP-level tests that are not about this policy. */
    public static final MediaAddressPolicy ANY = new MediaAddressPolicy(List.of(), false, false);
    /** fc00::/7: IPv6 unique local addresses (RFC 4193), IPv6's private range. */
    private static final Cidr UNIQUE_LOCAL = Cidr.parse("fc00::/7");

    private final List<Cidr> allowed;
    private final boolean refusePrivate;
    private final boolean checks;

    private MediaAddressPolicy(List<Cidr> allowed, boolean refusePrivate, boolean checks) {
        this.allowed = List.copyOf(allowed);
        this.refusePrivate = refusePrivate;
        this.checks = checks;
    }

    /** @param allowedNetworks CIDR strings, as validated by the configuration */
    public static MediaAddressPolicy of(List<String> allowedNetworks, boolean refusePrivate) {
        return new MediaAddressPolicy(allowedNetworks.stream().map(Cidr::parse).toList(), refusePrivate, true);
    }

    /**
     * Why media may not go to {@code address}, or empty when it may.
     *
     * @param reoffer true for an offer inside an established call (a re-INVITE), where 0.0.0.0 means hold
     */
    public Optional<String> refusal(InetAddress address, boolean reoffer) {
        if (!checks || allowed.stream().anyMatch(cidr -> cidr.contains(address))) {
            return Optional.empty();
        }
        String kind = null;
        if (address.isAnyLocalAddress()) {
            kind = reoffer ? null : "unspecified";
        } else if (address.isLoopbackAddress()) {
            kind = "loopback";
        } else if (address.isMulticastAddress()) {
            kind = "multicast";
        } else if (refusePrivate && isPrivate(address)) {
            kind = "private";
        }
        return kind == null ? Optional.empty() : Optional.of("media address " + address.getHostAddress() + " is "
                + kind + " and not in rtp.allowedMediaNetworks");
    }

    private static boolean isPrivate(InetAddress address) {
        return address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || (address instanceof Inet6Address && UNIQUE_LOCAL.contains(address));
    }
}
