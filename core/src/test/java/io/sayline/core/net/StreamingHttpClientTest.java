package io.sayline.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Streaming answers on one event loop: connections kept alive and reused, a stale one replaced, bodies whole. */
class StreamingHttpClientTest {
    private static final int CONCURRENT = 12;

    @RegisterExtension
    final LocalPeer peer = new LocalPeer();
    private final MockWebServer server = peer.server;
    private final StreamingHttpClient client = new StreamingHttpClient();

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void connectionsOfConcurrentRequestsAreKeptAndReused() throws Exception {
        for (int i = 0; i < 2 * CONCURRENT; i++) {
            // Held headers keep all of a round's requests in flight at once: one connection each.
            server.enqueue(new MockResponse().setBody("audio").setHeadersDelay(300, TimeUnit.MILLISECONDS));
        }
        round();
        round();
        int reused = 0;
        for (int i = 0; i < 2 * CONCURRENT; i++) {
            if (server.takeRequest().getSequenceNumber() > 0) {
                reused++;
            }
        }
        assertEquals(CONCURRENT, server.getRequestCount() / 2);
        assertEquals(CONCURRENT, reused, "the second round ran on the first round's connections");
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedAndTheRequestSentAgain() throws Exception {
        server.enqueue(new MockResponse().setBody("first").setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
        server.enqueue(new MockResponse().setBody("second"));
        assertEquals("first", get().join());
        assertEquals("second", get().join(), "the stale connection is not an error for the caller");
    }

    @Test
    void chunkedBodyArrivesWholeAndInOrderAcrossPieces() throws Exception {
        String body = "0123456789".repeat(5_000);
        server.enqueue(new MockResponse().setChunkedBody(body, 777));
        assertEquals(body, get().join());
    }

    @Test
    void silenceLongerThanTheReadTimeoutFails() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        CompletableFuture<String> answer = get();
        Throwable failure = answer.handle((ok, error) -> error).join();
        assertTrue(failure instanceof java.net.SocketTimeoutException, String.valueOf(failure));
    }

    @Test
    void aCancelMidBodyStopsTheAnswerAndItsConnectionIsNotReused() throws Exception {
        server.enqueue(new MockResponse().setBody("x".repeat(20_000)).throttleBody(1_000, 100, TimeUnit.MILLISECONDS));
        server.enqueue(new MockResponse().setBody("next"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstPiece = new CompletableFuture<>();
        StreamingRequest request = new StreamingRequest("POST", URI.create(server.url("/tts").toString()), Map.of(),
                new byte[0], 2_000, 2_000);
        HttpExchange exchange = client.send(peer.loop(), request, new HttpAnswer() {
            @Override
            public void onHead(int status, HttpHeaders headers) {
            }

            @Override
            public boolean onContent(ByteBuf content) {
                heard.add("content");
                firstPiece.complete(null);
                return true;
            }

            @Override
            public void onEnd() {
                heard.add("end");
            }

            @Override
            public void onFailure(IOException cause, boolean headSeen) {
                heard.add("failure " + cause);
            }
        });
        firstPiece.get(5, TimeUnit.SECONDS);
        exchange.cancel();
        int contentsAtCancel = peer.loop().submit(heard::size).get();
        Thread.sleep(300);
        assertEquals(contentsAtCancel, heard.size(), "nothing after the cancel: " + heard);
        assertTrue(heard.stream().allMatch("content"::equals), String.valueOf(heard));

        assertEquals("next", get().join());
        server.takeRequest();
        assertEquals(0, server.takeRequest().getSequenceNumber(), "a half-read connection is closed, not reused");
    }

    private void round() {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            calls.add(get());
        }
        calls.forEach(call -> assertEquals("audio", call.join()));
    }

    /** A POST whose whole answer, or its failure, completes the future. */
    private CompletableFuture<String> get() {
        CompletableFuture<String> result = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        StreamingRequest request = new StreamingRequest("POST", URI.create(server.url("/tts").toString()),
                Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), 2_000, 500);
        client.send(peer.loop(), request, new HttpAnswer() {
            @Override
            public void onHead(int status, HttpHeaders headers) {
                assertEquals(200, status);
            }

            @Override
            public boolean onContent(ByteBuf content) {
                body.append(content.toString(StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public void onEnd() {
                result.complete(body.toString());
            }

            @Override
            public void onFailure(IOException cause, boolean headSeen) {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }
}
