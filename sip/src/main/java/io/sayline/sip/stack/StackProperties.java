package io.sayline.sip.stack;

import io.sayline.sip.logging.NoopServerLogger;
import io.sayline.sip.logging.Slf4jStackLogger;
import io.sayline.config.SipTlsConfig;
import java.util.Properties;

/** The JAIN SIP RI properties Sayline runs with; each value is explained where it is set. */
public final class StackProperties {
    /** docs/dependencies.md, "JAIN SIP RI": 4 MB socket buffers absorbed SIPp bursts at 1,200 calls/s without loss. */
    static final int UDP_BUFFER_BYTES = 4 * 1024 * 1024;
    /**
     * Bounded listener pool; with the re-entrant listener this is the SIP concurrency
     * (docs/dependencies.md, "JAIN SIP RI").
     */
    static final int THREAD_POOL_SIZE = 8;
    static final int MAX_SERVER_TRANSACTIONS = 100_000;
    /** A cap on one TCP message: real INVITEs are a few KB; larger is abuse (the UDP cap is the datagram). */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final long TLS_HANDSHAKE_MS = 5_000;
    /** TCP and TLS connections at most, all peers together: each holds a socket and buffers. */
    static final int MAX_CONNECTIONS = 2_000;
    /**
     * TCP or TLS connections from one address at most: a PBX or a Kamailio dispatcher keeps a handful open to
     * Sayline; a peer holding more is broken or hostile (GuardedConnectionsFactory).
     */
    static final int MAX_CONNECTIONS_PER_SOURCE = 64;
    /** A TCP or TLS connection that has carried nothing this long is closed (peers keep theirs alive with CRLF). */
    static final int IDLE_CONNECTION_SECONDS = 300;
    /** Time a TCP peer gets to complete a message it has started: a slow-loris sender is cut off. */
    static final int READ_TIMEOUT_MS = 5_000;

    private StackProperties() {
    }

    /**
     * As {@link #create(String)}, with TLS keys from {@code tls}'s PEM files (PemSecurityManagerProvider): TLS 1.2
     * and 1.3 only, no client certificate asked for (trunks authenticate by address or digest), and a handshake
     * that has not finished in {@link #TLS_HANDSHAKE_MS} dropped, so a peer that connects and says nothing holds
     * no thread.
     */
    public static Properties withTls(String name, SipTlsConfig tls) {
        Properties p = create(name);
        p.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER", PemSecurityManagerProvider.class.getName());
        // Only the RI's NIO transports (GuardedConnectionsFactory) take their keys from the provider; its blocking
        // TLS reads the JVM-wide javax.net.ssl system properties instead.
        p.setProperty("gov.nist.javax.sip.NIO_BLOCKING_MODE", "NONBLOCKING");
        p.setProperty(PemSecurityManagerProvider.CERTIFICATE, tls.certificate());
        p.setProperty(PemSecurityManagerProvider.KEY, tls.key());
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3, TLSv1.2");
        p.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled");
        p.setProperty("gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", Long.toString(TLS_HANDSHAKE_MS));
        return p;
    }

    /** Properties for a stack named {@code name} (names must differ between stacks in one JVM). */
    public static Properties create(String name) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", name);
        // Bridge to SLF4J: without these the RI needs log4j 1.x and fails with NoClassDefFoundError
        // (docs/dependencies.md, "JAIN SIP RI").
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", NoopServerLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // Drop, rather than answer with the RI's own malformed 400, messages with unparseable mandatory headers.
        p.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", LenientDropParserFactory.class.getName());
        // Load settings measured with SIPp (docs/dependencies.md, "JAIN SIP RI").
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(THREAD_POOL_SIZE));
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", Integer.toString(MAX_SERVER_TRANSACTIONS));
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", Integer.toString(UDP_BUFFER_BYTES));
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(MAX_MESSAGE_BYTES));
        // Greedy or slow TCP/TLS peers: connections capped per source and in total, idle TLS ones closed, half-sent
        // messages timed out (GuardedConnectionsFactory says which transport does what).
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", GuardedConnectionsFactory.class.getName());
        p.setProperty("gov.nist.javax.sip.NETWORK_LAYER", GuardedNetworkLayer.class.getName());
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS));
        p.setProperty("gov.nist.javax.sip.NIO_MAX_SOCKET_IDLE_TIME", Long.toString(IDLE_CONNECTION_SECONDS * 1000L));
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", Integer.toString(READ_TIMEOUT_MS));
        // The RI raises its threads to priority 10; signalling must not outrank the RTP pacing threads.
        p.setProperty("gov.nist.javax.sip.THREAD_PRIORITY", Integer.toString(Thread.NORM_PRIORITY));
        // NOTIFYs for our REFER subscriptions must reach the listener (RFC 3515 §2.4.4).
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        return p;
    }
}
