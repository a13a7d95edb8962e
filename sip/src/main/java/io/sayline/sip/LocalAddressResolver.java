package io.sayline.sip;

import gov.nist.javax.sip.message.SIPMessage;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address Sayline advertises in SDP and Contact for one call: {@code sip.publicAddress} if set, else
 * the bind address if not the wildcard, else the local address of the route towards the caller.
 */
final class LocalAddressResolver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAddressResolver.class);

    private final InetAddress fixed; // null: decide per request

    private LocalAddressResolver(InetAddress fixed) {
        this.fixed = fixed;
    }

    static LocalAddressResolver of(String publicAddress, InetAddress bind) throws UnknownHostException {
        if (publicAddress != null && !publicAddress.isBlank()) {
            return new LocalAddressResolver(InetAddress.getByName(publicAddress)); // resolved once, at start
        }
        return new LocalAddressResolver(bind.isAnyLocalAddress() ? null : bind);
    }

    InetAddress resolve(Request request, InetSocketAddress source) {
        if (fixed != null) {
            return fixed;
        }
        InetAddress arrivedOn = ((SIPMessage) request).getLocalAddress();
        if (arrivedOn != null && !arrivedOn.isAnyLocalAddress()) {
            return arrivedOn;
        }
        return routeTowards(source.getAddress());
    }

    /** Connecting a UDP socket sends nothing; it only asks the kernel which local address routes there. */
    static InetAddress routeTowards(InetAddress remote) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(remote, 9); // discard port; no packet leaves
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("no route towards {}: {}", remote, e.toString());
        }
        return InetAddress.getLoopbackAddress();
    }
}
