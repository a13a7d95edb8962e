package io.sayline.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped in {@code deploy/grafana/} only queries metrics that a running Sayline exports:
 * a renamed metric fails here instead of leaving an operator's panel empty.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "sayline-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bsayline_[a-z0-9_]+");
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private static SaylineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0",
                "--rtp-ports", "37400-37499").load(Map.of()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyQueryNamesAMetricThatMetricsExports() throws Exception {
        Set<String> exported = exportedSeriesNames();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> panelQueries = strings(dashboard, "expr");
        assertFalse(panelQueries.isEmpty(), "the dashboard has no queries");
        Set<String> unknown = new TreeSet<>();
        for (String query : panelQueries) {
            assertTrue(METRIC.matcher(query).find(), "query names no sayline metric: " + query);
            unknown.addAll(unexported(query, exported));
        }
        for (String variableQuery : strings(dashboard, "query")) { // template variables, e.g. label_values(...)
            unknown.addAll(unexported(variableQuery, exported));
        }
        assertEquals(Set.of(), unknown, "dashboard queries metrics that /metrics does not export");
    }

    private static Set<String> unexported(String query, Set<String> exported) {
        Set<String> unknown = new TreeSet<>();
        Matcher names = METRIC.matcher(query);
        while (names.find()) {
            if (!exported.contains(names.group())) {
                unknown.add(names.group());
            }
        }
        return unknown;
    }

    /** What a scrape can return: each metric's name, and for histograms its bucket, sum and count series. */
    private static Set<String> exportedSeriesNames() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Set<String> names = new TreeSet<>();
        Matcher types = TYPE_LINE.matcher(response.body());
        while (types.find()) {
            names.add(types.group(1));
            if (types.group(2).equals("histogram")) {
                HISTOGRAM_SUFFIXES.forEach(suffix -> names.add(types.group(1) + suffix));
            }
        }
        return names;
    }

    /** Every text value of a field named {@code key}, anywhere in the dashboard (nested rows included). */
    private static List<String> strings(JsonNode dashboard, String key) {
        List<String> found = new ArrayList<>();
        collect(dashboard, key, found);
        return found;
    }

    private static void collect(JsonNode node, String key, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals(key) && field.getValue().isTextual()) {
                    found.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), key, found);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, key, found));
        }
    }
}
