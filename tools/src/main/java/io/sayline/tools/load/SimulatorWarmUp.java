package io.sayline.tools.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Streams the bot's utterances from the simulator before the first call, as Sayline warms its own call path and
 * {@link BotWarmUp} the bot: the vendor stand-in is part of the harness, and a cold one is not the vendor a
 * gateway meets in production.
 *
 * <p>Cold, with calls arriving at 200/s, it sent its first byte 1.0-1.5 s after each request of the first
 * hundred calls (75 ms asked; a packet capture of the run: the requests left Sayline at once, every answer came
 * 1.0-1.5 s later, then all its chunks together), and every utterance of the first calls timed out on Sayline's
 * 3 s read timeout: harness lag that the figures counted as the gateway's. Alone on the machine the same
 * simulator answered a burst of a hundred requests in 89 ms (p50): its code compiles and its rendered audio is
 * cached before anything waits on it.
 *
 * <p>The warm-up streams unpaced ({@code realTimeFactor} 0, no first-byte delay or jitter, through {@code POST
 * /sim/knobs}), then restores the run's knobs exactly as {@code GET /sim/knobs} gave them and has the simulator
 * forget these requests ({@link SimulatorFirstBytes} reads the run's).
 */
final class SimulatorWarmUp {
    static final int REQUESTS = 600;
    static final int CONCURRENT = 20;
    private static final String UNPACED = "{\"realTimeFactor\":0,\"firstChunkDelayMs\":0,\"jitterMs\":0}";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final String baseUrl;

    private SimulatorWarmUp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Streams {@link #REQUESTS} utterances, {@link #CONCURRENT} at a time; returns how many came back whole. */
    static int run(String baseUrl) throws IOException, InterruptedException {
        return new SimulatorWarmUp(baseUrl).run();
    }

    private int run() throws IOException, InterruptedException {
        String runKnobs = send(HttpRequest.newBuilder(uri("/sim/knobs")).GET());
        send(HttpRequest.newBuilder(uri("/sim/knobs")).POST(HttpRequest.BodyPublishers.ofString(UNPACED)));
        try {
            int whole = 0;
            for (int started = 0; started < REQUESTS; started += CONCURRENT) {
                List<CompletableFuture<Boolean>> batch = new ArrayList<>();
                for (int i = started; i < Math.min(REQUESTS, started + CONCURRENT); i++) {
                    batch.add(speak(TalkingBot.UTTERANCES.get(i % TalkingBot.UTTERANCES.size())));
                }
                for (CompletableFuture<Boolean> f : batch) {
                    whole += f.join() ? 1 : 0;
                }
            }
            return whole;
        } finally {
            send(HttpRequest.newBuilder(uri("/sim/knobs")).POST(HttpRequest.BodyPublishers.ofString(runKnobs)));
            send(HttpRequest.newBuilder(uri("/sim/requests")).DELETE());
        }
    }

    /** The request Sayline's HTTP streaming client makes, its answer read to the end. */
    private CompletableFuture<Boolean> speak(String text) {
        String body = JSON.createObjectNode().put("text", text).put("model_id", "eleven_flash_v2_5").toString();
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/text-to-speech/warmup/stream/with-timestamps"
                        + "?output_format=pcm_16000")).timeout(TIMEOUT).header("content-type", "application/json")
                .header("xi-api-key", "load-warmup").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            try (InputStream in = response.body()) {
                in.transferTo(OutputStream.nullOutputStream());
                return response.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        }).exceptionally(e -> false);
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.timeout(TIMEOUT).header("content-type",
                "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("simulator " + request.build().uri() + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
