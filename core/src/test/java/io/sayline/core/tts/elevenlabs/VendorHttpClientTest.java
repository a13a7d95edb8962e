package io.sayline.core.tts.elevenlabs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** The vendors' HTTP client keeps a connection per concurrent call warm, not OkHttp's default five. */
class VendorHttpClientTest {
    private static final int CONCURRENT = 12;

    @Test
    void connectionsOfConcurrentRequestsStayPooledAndAreReused() throws Exception {
        OkHttpClient http = ElevenLabsVendor.newHttpClient(64);
        try (MockWebServer server = new MockWebServer()) {
            for (int i = 0; i < 2 * CONCURRENT; i++) {
                // Held headers keep all of a round's requests in flight at once: one connection each.
                server.enqueue(new MockResponse().setBody("audio").setHeadersDelay(300, TimeUnit.MILLISECONDS));
            }
            server.start();
            round(http, server);
            Await.until(() -> http.connectionPool().idleConnectionCount() == CONCURRENT, Duration.ofSeconds(5),
                    CONCURRENT + " idle connections kept (OkHttp's default pool keeps 5)");

            round(http, server);
            int reused = 0;
            for (int i = 0; i < 2 * CONCURRENT; i++) {
                if (server.takeRequest().getSequenceNumber() > 0) {
                    reused++;
                }
            }
            assertEquals(CONCURRENT, reused, "the second round ran on the first round's connections");
        } finally {
            ElevenLabsVendor.shutdown(http);
        }
    }

    private static void round(OkHttpClient http, MockWebServer server) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            calls.add(CompletableFuture.runAsync(() -> {
                try (Response response = http.newCall(new Request.Builder().url(server.url("/tts")).build()).execute()) {
                    response.body().string();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }
}
