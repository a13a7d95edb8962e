package io.sayline.tools.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads Sayline's {@code GET /metrics} (Prometheus text format 0.0.4) into series → value: a line
 * {@code sayline_rtp_packets_total{direction="out"} 1234} becomes that key with 1234.0. Comments and histogram
 * buckets are left out: the soak plots levels and counters, not latency distributions.
 */
public final class MetricsScrape {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final HttpRequest request;

    MetricsScrape(URI metrics) {
        this.request = HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build();
    }

    /** The series now; empty if the gateway did not answer (a gap in the plots, not a failure). */
    Map<String, Double> read() throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    /** A text exposition as series → value (also what tests read a server's {@code Metrics.render()} with). */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0 || line.contains("_bucket{")) {
                continue;
            }
            try {
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // not a sample line: skipped
            }
        }
        return series;
    }
}
