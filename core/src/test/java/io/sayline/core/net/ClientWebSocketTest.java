package io.sayline.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The vendor WebSocket client against OkHttp's MockWebServer as the peer. */
class ClientWebSocketTest {
    @RegisterExtension
    final LocalPeer peer = new LocalPeer();
    private final MockWebServer server = peer.server;
    private final Recorder heard = new Recorder();

    @Test
    void messagesSentBeforeTheHandshakeArriveFirstAndInOrder() throws Exception {
        BlockingQueue<String> atPeer = new LinkedBlockingQueue<>();
        server.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onMessage(WebSocket socket, String text) {
                atPeer.add(text);
                socket.send("echo " + text);
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                socket.close(1000, null);
            }
        }));
        ClientWebSocket socket = open(1024);
        socket.send("one");
        socket.send("two");
        assertEquals("one", atPeer.poll(5, TimeUnit.SECONDS));
        assertEquals("two", atPeer.poll(5, TimeUnit.SECONDS));
        assertEquals("echo one", heard.texts.poll(5, TimeUnit.SECONDS));
        assertEquals("open", heard.events.get(0));
        socket.close(1000, null);
    }

    @Test
    void aSendBeyondWhatMayWaitIsRefused() throws Exception {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE)); // the handshake never completes
        ClientWebSocket socket = open(10);
        assertTrue(peer.loop().submit(() -> socket.send("12345")).get());
        assertFalse(peer.loop().submit(() -> socket.send("123456")).get(), "15 bytes would wait, 10 may");
        assertTrue(peer.loop().submit(() -> socket.send("12345")).get(), "what fits still goes");
        socket.cancel(); // the peer never answers: only our side can end the connection
        peer.loop().submit(() -> { }).get();
    }

    @Test
    void thePeersCloseIsReportedOnceWithItsCode() throws Exception {
        server.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                socket.close(1008, "policy");
            }
        }));
        open(1024);
        assertEquals("closing 1008 policy", heard.awaitEnd());
        Thread.sleep(200);
        assertEquals(List.of("open", "closing 1008 policy"), heard.events, "no failure after the close");
    }

    @Test
    void nothingIsReportedAfterOurOwnClose() throws Exception {
        server.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                socket.send("too late");
                socket.close(1000, null);
            }
        }));
        ClientWebSocket socket = open(1024);
        assertEquals("open", heard.awaitEvent());
        socket.close(1000, "done");
        Thread.sleep(300);
        assertEquals(List.of("open"), heard.events);
    }

    @Test
    void aRefusedHandshakeCarriesStatusReasonAndBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\":\"bad key\"}"));
        open(1024);
        assertEquals("failure 401 Client Error {\"detail\":\"bad key\"}", heard.awaitEnd());
    }

    private ClientWebSocket open(int maxQueuedBytes) {
        URI uri = ClientWebSocket.uriFor(URI.create(server.url("/ws").toString()));
        StreamingRequest request = new StreamingRequest("GET", uri, Map.of("xi-api-key", "k"), new byte[0], 2_000,
                2_000);
        return ClientWebSocket.open(peer.loop(), request, 64 * 1024, maxQueuedBytes, heard);
    }

    /** What the socket reported, in order. */
    private static final class Recorder implements ClientWebSocket.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
        final BlockingQueue<String> all = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(ClientWebSocket socket) {
            record("open");
        }

        @Override
        public void onText(ClientWebSocket socket, ByteBuf utf8) {
            texts.add(utf8.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void onClosing(ClientWebSocket socket, int code, String reason) {
            ends.add(record("closing " + code + " " + reason));
        }

        @Override
        public void onFailure(ClientWebSocket socket, Throwable cause, ClientWebSocket.Refusal refusal) {
            ends.add(record(refusal == null ? "failure " + cause
                    : "failure " + refusal.status() + " " + refusal.reason() + " " + refusal.body()));
        }

        private String record(String event) {
            events.add(event);
            all.add(event);
            return event;
        }

        String awaitEnd() throws InterruptedException {
            return ends.poll(5, TimeUnit.SECONDS);
        }

        String awaitEvent() throws InterruptedException {
            return all.poll(5, TimeUnit.SECONDS);
        }
    }
}
