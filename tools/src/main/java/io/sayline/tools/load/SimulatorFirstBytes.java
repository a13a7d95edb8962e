package io.sayline.tools.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.tools.latency.Percentiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long the simulator itself took to send the first audio of each request, from its own record of them
 * ({@code GET /sim/requests}: arrival and first audio byte written, by its clock): beside Sayline's wait for that
 * byte ({@code speech.done}'s {@code vendorFirstByteMs}), it says which side a late first byte was late on. The
 * simulator keeps its last 20,000 records; over WebSocket they are the messages, and those that made audio count.
 */
final class SimulatorFirstBytes {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SimulatorFirstBytes() {
    }

    /** Its first bytes, or no samples when it cannot be asked (the run's figures do not depend on it). */
    static Percentiles read(String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/sim/requests")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? of(new ObjectMapper().readTree(response.body()))
                    : Percentiles.of(List.of());
        } catch (IOException e) {
            return Percentiles.of(List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Percentiles.of(List.of());
        }
    }

    /** From the records' JSON: arrival to first audio, ms, of those that made audio. */
    static Percentiles of(JsonNode records) {
        List<Long> ms = new ArrayList<>();
        for (JsonNode r : records) {
            long first = r.path("firstAudioNanos").asLong();
            if (first > 0) {
                ms.add((first - r.path("receivedNanos").asLong()) / 1_000_000);
            }
        }
        return Percentiles.of(ms);
    }
}
