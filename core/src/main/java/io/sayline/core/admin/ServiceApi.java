package io.sayline.core.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sayline.config.ConfigException;
import io.sayline.config.TtsVendorConfig;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /admin/api/speech-services}: list and create ({@code GET}, {@code POST}), one service ({@code GET},
 * {@code PUT}, {@code DELETE} on {@code /NAME}). Bodies carry the file's keys, {@code useForTts}, {@code useForStt}
 * and {@code stt} (an object of {@link SttSettings#KEYS}); {@code version} (PUT, DELETE as a query parameter) is
 * the optimistic-concurrency check. The same checks as the page; the API key is never in a
 * response ({@code "apiKey": "set"} or {@code "not set"}).
 */
final class ServiceApi {
    static final String PREFIX = "/admin/api/speech-services";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SpeechServices services;
    private final ServiceHealth health;
    private final AdminMetrics metrics;

    ServiceApi(SpeechServices services, ServiceHealth health, AdminMetrics metrics) {
        this.services = services;
        this.health = health;
        this.metrics = metrics;
    }

    void handle(AdminExchange ex) throws IOException {
        String rest = ex.path().substring(PREFIX.length());
        String name = rest.isEmpty() || rest.equals("/") ? null
                : URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        try {
            switch (ex.method() + (name == null ? "" : " one")) {
                case "GET" -> {
                    var list = JSON.createArrayNode();
                    services.all().forEach(s -> list.add(view(s)));
                    ex.json(200, JSON.writeValueAsString(list));
                }
                case "POST" -> {
                    Map<String, Object> body = body(ex);
                    Object newName = body.remove("name");
                    save(ex, newName == null ? null : newName.toString(), body, 0, 201);
                }
                case "GET one" -> {
                    Optional<SpeechService> service = services.find(name);
                    if (service.isEmpty()) {
                        error(ex, 404, null, "no speech service named '" + name + "'");
                    } else {
                        ex.json(200, JSON.writeValueAsString(view(service.get())));
                    }
                }
                case "PUT one" -> {
                    Map<String, Object> body = body(ex);
                    Object version = body.remove("version");
                    if (!(version instanceof Number number)) {
                        error(ex, 400, "version", "is required: the version you read (GET) and changed");
                        return;
                    }
                    save(ex, name, body, number.longValue(), 200);
                }
                case "DELETE one" -> {
                    services.delete(name, Long.parseLong(ex.query().getOrDefault("version", "0")));
                    ex.send(204, "application/json", new byte[0]);
                }
                default -> error(ex, 405, null, ex.method() + " is not allowed here");
            }
        } catch (StaleSaveException e) {
            metrics.savesStale.increment();
            error(ex, 409, "version", e.getMessage());
        } catch (ConfigException e) {
            metrics.savesInvalid.increment();
            error(ex, 400, ServiceForm.field(e), e.problem());
        } catch (NumberFormatException e) {
            error(ex, 400, "version", "must be a whole number");
        }
    }

    private void save(AdminExchange ex, String name, Map<String, Object> body, long version, int status)
            throws IOException, StaleSaveException {
        Object useForTts = body.remove("useForTts");
        Object useForStt = body.remove("useForStt");
        Object stt = body.remove("stt");
        if (name == null) {
            throw new ConfigException("service.name", "is required");
        }
        if (stt != null && !(stt instanceof Map)) {
            throw new ConfigException("service.stt", "must be an object of speech-to-text settings");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> sttKeys = stt == null ? Map.of() : (Map<String, Object>) stt;
        SpeechService saved = services.save(name, body, !Boolean.FALSE.equals(useForTts), sttKeys,
                Boolean.TRUE.equals(useForStt), version);
        metrics.savesApplied.increment();
        ex.json(status, JSON.writeValueAsString(view(saved)));
    }

    private static Map<String, Object> body(AdminExchange ex) throws IOException {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = JSON.readValue(ex.body(), LinkedHashMap.class);
            return body == null ? new LinkedHashMap<>() : body;
        } catch (JsonProcessingException e) {
            throw new ConfigException("service", "the body must be a JSON object");
        }
    }

    /**
     * A service as the API shows it: its keys (none but {@code stt} for a file's {@code stt:}-only block), with the
     * API key replaced by whether one is set.
     */
    private ObjectNode view(SpeechService service) {
        TtsVendorConfig block = service.block();
        ObjectNode out = JSON.createObjectNode().put("name", service.name())
                .put("source", service.fromFile() ? "file" : "ui").put("useForTts", service.useForTts())
                .put("useForStt", service.useForStt()).put("version", service.version());
        if (block != null) {
            ObjectNode node = JSON.valueToTree(block);
            node.remove(java.util.List.of("embedded", "elevenLabs")); // TtsVendorConfig's isX() helpers, not keys
            out.setAll(node);
        }
        String apiKey = block != null ? block.apiKey() : service.stt().apiKey();
        out.put("apiKey", apiKey == null || apiKey.isBlank() ? "not set" : "set");
        if (service.stt() != null) {
            out.set("stt", JSON.valueToTree(SttSettings.of(service.stt())));
        }
        ServiceHealth.Status status = health.of(service.name());
        out.putObject("health").put("lastError", status.lastError())
                .put("lastErrorAt", status.lastErrorAt() == null ? null : status.lastErrorAt().toString())
                .put("lastTtfaMs", status.lastTtfaMs());
        return out;
    }

    private static void error(AdminExchange ex, int status, String field, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("error", message);
        if (field != null) {
            error.put("field", field);
        }
        ex.json(status, JSON.writeValueAsString(error));
    }
}
