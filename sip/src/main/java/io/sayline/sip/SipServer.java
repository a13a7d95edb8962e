package io.sayline.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.sayline.config.SipConfig;
import io.sayline.sip.admission.Admission;
import io.sayline.sip.admission.SourceLimiter;
import io.sayline.sip.dialog.CallContext;
import io.sayline.sip.dialog.CallRegistry;
import io.sayline.sip.dialog.DialogTimeouts;
import io.sayline.sip.dialog.ServerCall;
import io.sayline.sip.logging.Slf4jStackLogger;
import io.sayline.sip.sdp.MediaAddressPolicy;
import io.sayline.sip.sdp.OfferAnswer;
import io.sayline.sip.stack.GuardedConnectionsFactory;
import io.sayline.sip.stack.LenientDropParserFactory;
import io.sayline.sip.stack.SipMessages;
import io.sayline.sip.stack.SipRejections;
import io.sayline.sip.stack.StackShutdown;
import io.sayline.sip.stack.StackProperties;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sayline's SIP user agent server on JAIN SIP RI, over UDP and TCP.
 *
 * <p>Threading: {@link SipCallListener} callbacks come from the stack's pool of
 * bounded listener thread pool and from one daemon timer thread
 * ({@code sip-timers}); {@link #drain()}, {@link #stop()} and every {@link InboundCall} method may be
 * called from any thread.
 */
public final class SipServer {
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);
    private static final AtomicInteger STACKS = new AtomicInteger();
    private static final int FREE_PORT_ATTEMPTS = 20;
    /** How often sources with nothing left to remember are forgotten by the per-source limits. */
    private static final long SWEEP_SECONDS = 10;

    private final SipStackImpl stack;
    private final SipProvider provider;
    private final RequestRouter router;
    private final ScheduledThreadPoolExecutor timers;
    private final int port;
    private final int tlsPort;
    private volatile boolean running = true;

    private SipServer(SipStackImpl stack, SipProvider provider, RequestRouter router,
                      ScheduledThreadPoolExecutor timers, int port, int tlsPort) {
        this.stack = stack;
        this.provider = provider;
        this.router = router;
        this.timers = timers;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /**
     * Binds the configured transports and starts answering.
     *
     * @param codecPreference {@code RtpConfig.codecs()}: "PCMU", "PCMA" in the order to prefer
     * @throws SipServerException when it cannot start (nothing is left running)
     */
    public static SipServer start(SipConfig config, List<String> codecPreference, SipCallListener listener) {
        return start(config, codecPreference, listener, DialogTimeouts.DEFAULT);
    }

    /** As {@link #start(SipConfig, List, SipCallListener)}, with the time allowed for the answer and the ACK. */
    public static SipServer start(SipConfig config, List<String> codecPreference, SipCallListener listener,
                                  DialogTimeouts timeouts) {
        return start(config, codecPreference, MediaAddressPolicy.ANY, listener, timeouts);
    }

    /**
     * As {@link #start(SipConfig, List, SipCallListener)}, refusing (488) offers whose media address
     * {@code mediaAddresses} does not take.
     */
    public static SipServer start(SipConfig config, List<String> codecPreference, MediaAddressPolicy mediaAddresses,
                                  SipCallListener listener, DialogTimeouts timeouts) {
        OfferAnswer offerAnswer = new OfferAnswer(OfferAnswer.codecsFrom(codecPreference), mediaAddresses);
        Admission admission = Admission.of(config);
        List<String> transports = transports(config.transports());
        String name = "sayline-sip-" + STACKS.incrementAndGet();
        SipStackImpl stack = null;
        SipProvider provider = null;
        ScheduledThreadPoolExecutor timers = null;
        try {
            InetAddress bind = InetAddress.getByName(config.bind());
            int port = config.port() == 0 ? freePort(bind) : config.port();
            LocalAddressResolver localAddresses = LocalAddressResolver.of(config.publicAddress(), bind);
            boolean tls = transports.contains("tls");
            int tlsPort = tls ? tlsPort(config, bind) : 0;
            stack = new SipStackImpl(tls ? StackProperties.withTls(name, config.tls()) : StackProperties.create(name));
            List<ListeningPoint> points = new ArrayList<>();
            for (String transport : transports) {
                points.add(stack.createListeningPoint(bind.getHostAddress(), transport.equals("tls") ? tlsPort : port,
                        transport));
            }
            provider = stack.createSipProvider(points.get(0));
            for (ListeningPoint point : points.subList(1, points.size())) {
                provider.addListeningPoint(point);
            }
            timers = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, name + "-timers");
                thread.setDaemon(true);
                return thread;
            });
            timers.setRemoveOnCancelPolicy(true);
            SipMessages messages = new SipMessages(provider, new MessageFactoryImpl(), new HeaderFactoryImpl(),
                    new AddressFactoryImpl(), port, tlsPort);
            CallContext context = new CallContext(messages, listener, offerAnswer, timers, timeouts,
                    new CallRegistry());
            RequestRouter router = new RequestRouter(context, admission, localAddresses);
            timers.scheduleWithFixedDelay(admission.perSource()::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
            provider.addSipListener(router);
            stack.start();
            LOG.info("SIP listening on {}:{} {}{}", bind.getHostAddress(), port, transports,
                    tls ? ", TLS on " + tlsPort : "");
            return new SipServer(stack, provider, router, timers, port, tlsPort);
        } catch (Exception e) {
            // After a failed start the stack's non-daemon threads would keep the JVM alive
            // (docs/dependencies.md, "JAIN SIP RI").
            if (stack != null) {
                StackShutdown.stop(stack, provider);
            }
            if (timers != null) {
                timers.shutdownNow();
            }
            throw new SipServerException("SIP server failed to start on " + config.bind() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
    }

    private static List<String> transports(List<String> configured) {
        List<String> transports = new ArrayList<>();
        for (String transport : configured) {
            String lower = transport.toLowerCase(Locale.ROOT);
            if (!lower.equals("udp") && !lower.equals("tcp") && !lower.equals("tls")) {
                throw new IllegalArgumentException("sip.transports must be udp, tcp and/or tls, was " + transport);
            }
            if (!transports.contains(lower)) {
                transports.add(lower);
            }
        }
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("sip.transports must name udp, tcp and/or tls");
        }
        return transports;
    }

    /** The TLS port: its own (TLS runs over TCP, which holds the SIP port); 0 picks a free one. */
    private static int tlsPort(SipConfig config, InetAddress bind) throws IOException {
        if (config.tls().port() != 0) {
            return config.tls().port();
        }
        try (ServerSocket probe = new ServerSocket(0, 1, bind)) {
            return probe.getLocalPort();
        }
    }

    /** Port 0: one port free for both UDP and TCP, so both transports share it as SIP expects. */
    private static int freePort(InetAddress bind) throws IOException {
        for (int attempt = 0; attempt < FREE_PORT_ATTEMPTS; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(bind, 0))) {
                int candidate = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress(bind, candidate));
                    return candidate;
                } catch (IOException busy) {
                    LOG.debug("port {} busy for TCP, trying another", candidate);
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP after " + FREE_PORT_ATTEMPTS + " attempts");
    }

    /** The bound SIP port (the actual one when configured as 0). */
    public int port() {
        return port;
    }

    /** The bound TLS port, or 0 when TLS is not among the transports. */
    public int tlsPort() {
        return tlsPort;
    }

    public boolean isRunning() {
        return running;
    }

    /** New INVITEs and OPTIONS get 503 from now on; live calls go on. */
    public void drain() {
        router.drain();
        LOG.info("SIP draining: new calls get 503");
    }

    /** Live calls (not yet ended). */
    public int activeCalls() {
        return router.registry().size();
    }

    /** Requests answered with an error (validation, ACL, rate, drain, 481, 405/501). */
    public long rejectedRequests() {
        return router.rejectedRequests();
    }

    /** Error responses (status ≥ 300) sent so far, by method and status: {@code sayline_sip_rejections_total}. */
    public Map<SipRejections.Key, Long> rejectionsByStatus() {
        return router.rejections().snapshot();
    }

    /** {@code sip.perSource}: refusals, bans and what banned sources sent, for {@code /metrics}. */
    public SourceLimiter perSource() {
        return router.perSource();
    }

    /** Requests from sources outside {@code sip.allow}: dropped without an answer unless configured to get 403. */
    public long disallowedRequests() {
        return router.disallowedRequests();
    }

    /** INVITEs whose digest credentials were wrong (401 again; a missing or stale one is only challenged). */
    public long authFailures() {
        return router.authFailures();
    }

    /** Requests with a live Call-ID but another dialog's tags: forged or stale (RFC 3261 §12.2.2). */
    public long notInDialogRequests() {
        return router.notInDialogRequests();
    }

    /**
     * Requests left without an answer: bad ACKs, retransmissions, listener failures, answers that could not be
     * sent.
     */
    public long droppedRequests() {
        return router.droppedRequests();
    }

    /**
     * Messages the stack dropped unanswered because they did not parse: a mandatory header, or the datagram as
     * a whole (JVM-wide: the RI creates its parser and logger by class name, so the count cannot be per server).
     */
    public long unparseableMessages() {
        return LenientDropParserFactory.droppedMessages() + Slf4jStackLogger.droppedDatagrams();
    }

    /**
     * TCP and TLS connections closed as soon as they were accepted because their source, or all peers together,
     * held as many as allowed (JVM-wide, as {@link #unparseableMessages()}).
     */
    public long refusedConnections() {
        return GuardedConnectionsFactory.refusedConnections();
    }

    /**
     * TLS connections closed because part of a message waited 5 s for the rest (JVM-wide). TCP ones are cut by the
     * RI's blocking transport itself (its READ_TIMEOUT), which does not tell.
     */
    public long stalledConnectionsClosed() {
        return GuardedConnectionsFactory.stalledConnectionsClosed();
    }

    /** Ends every live call (onEnded ERROR) and stops the stack and its threads. Idempotent. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (ServerCall call : router.registry().snapshot()) {
            call.onServerStop();
        }
        StackShutdown.stop(stack, provider);
        timers.shutdownNow();
        LOG.info("SIP stopped");
    }
}
