package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.sip.stack.GuardedConnectionsFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A greedy or slow TCP peer: one source may hold 64 connections to the SIP port (StackProperties), the next is
 * closed as soon as it is accepted and counted, while the peer's open connections and every other source are still served,
 * and a connection the peer gives back makes room for a new one. Real sockets on loopback; 127.0.0.2 is the other
 * source (Linux routes all of 127.0.0.0/8 to lo).
 */
class TcpConnectionCapTest {
    private static final int PER_SOURCE = 64;
    private static final int READ_TIMEOUT_MS = 3_000;
    /** The server gives a started message 5 s (StackProperties.READ_TIMEOUT_MS); this leaves room for a slow CI. */
    private static final int SLOW_LORIS_CUTOFF_MS = 15_000;

    private SipServer server;
    private final List<Socket> held = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.0/8"), 1000), List.of("PCMU"),
                new RecordingListener());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        server.stop();
    }

    @Test
    void oneSourcePastItsCapIsRefusedWhileItsOpenConnectionsAndOtherSourcesAreServed() throws Exception {
        for (int i = 0; i < PER_SOURCE; i++) {
            held.add(connect("127.0.0.1"));
        }
        assertAnswered(held.get(PER_SOURCE - 1)); // every one of the 64 was accepted and is served
        long refused = GuardedConnectionsFactory.refusedConnections();

        try (Socket extra = connect("127.0.0.1")) {
            assertEquals(Optional.empty(), RawTcp.exchange(extra, options(extra)),
                    "the 65th connection from one source must not be served");
        } catch (IOException reset) {
            // Closed by the server before or while we wrote: refused, as expected.
        }
        Eventually.await(() -> GuardedConnectionsFactory.refusedConnections() > refused, Duration.ofSeconds(3));
        assertTrue(GuardedConnectionsFactory.refusedConnections() > refused, "the refusal is counted");

        assertAnswered(held.get(0));
        try (Socket other = connect("127.0.0.2")) {
            assertAnswered(other);
        }

        held.remove(0).close();
        // The server notices the close when its reader sees the end of the stream: until then the source is full.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean answered = false;
        while (!answered && System.nanoTime() < deadline) {
            answered = answeredOnNewConnection("127.0.0.1");
        }
        assertTrue(answered, "a connection given back makes room for a new one");
    }

    @Test
    void aPeerThatStartsAMessageAndNeverFinishesItIsCutOff() throws Exception {
        try (Socket slow = connect("127.0.0.1")) {
            String half = options(slow);
            slow.getOutputStream().write(half.substring(0, half.length() / 2).getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            slow.setSoTimeout(SLOW_LORIS_CUTOFF_MS);
            long start = System.nanoTime();
            int read;
            try {
                read = slow.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("a half-sent message held its connection for "
                        + SLOW_LORIS_CUTOFF_MS + " ms", stillOpen);
            }
            // The RI's blocking TCP transport cuts it with its own READ_TIMEOUT (uncounted); over TLS Sayline's
            // guard does, and counts it (SipTlsTest).
            assertEquals(-1, read, "the server closes the connection, it does not answer half a message");
            assertTrue(System.nanoTime() - start >= Duration.ofSeconds(4).toNanos(), "closed before the 5 s it gives");
        }
    }

    private boolean answeredOnNewConnection(String source) {
        try (Socket socket = connect(source)) {
            return RawTcp.exchange(socket, options(socket)).filter(r -> r.startsWith("SIP/2.0 200 ")).isPresent();
        } catch (Exception refused) {
            return false;
        }
    }

    private void assertAnswered(Socket socket) throws Exception {
        Optional<String> reply = RawTcp.exchange(socket, options(socket));
        assertTrue(reply.isPresent() && reply.get().startsWith("SIP/2.0 200 "), "no 200 on an admitted connection: "
                + reply);
    }

    private Socket connect(String source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    private static String options(Socket socket) {
        String id = "cap" + System.nanoTime();
        return MalformedDatagramTest.options("UDP", "TCP", "127.0.0.1:PORT", socket.getLocalAddress().getHostAddress()
                + ":" + socket.getLocalPort(), "BRANCH", id, "CALLID", id);
    }
}
