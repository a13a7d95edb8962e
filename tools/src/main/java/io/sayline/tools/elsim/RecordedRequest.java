package io.sayline.tools.elsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One thing the simulator received, in arrival order: an HTTP request, a WebSocket handshake or a WebSocket
 * text message. Holds raw values (the API key too) for test assertions; {@link #toJson} and {@link #toString}
 * redact the key, and the simulator never logs it.
 *
 * <p>{@link #firstAudioNanos()} is set (once, from an event loop) when the first audio byte caused by this
 * request or message is written; 0 until then.
 */
public final class RecordedRequest {
    /** What was received. */
    public enum Kind { HTTP, WS_OPEN, WS_MESSAGE }

    private static final String REDACTED = "<redacted>";
    private static final List<String> SECRET_NAMES = List.of("xi-api-key", "xi_api_key", "authorization");

    private final long sequence;
    private final Kind kind;
    private final long connectionId;
    private final long receivedNanos;
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, String> headers;
    private final String body;
    private final JsonNode json;
    private volatile long firstAudioNanos;

    RecordedRequest(long sequence, Kind kind, long connectionId, long receivedNanos, String method, String path,
            Map<String, String> query, Map<String, String> headers, String body, JsonNode json) {
        this.sequence = sequence;
        this.kind = kind;
        this.connectionId = connectionId;
        this.receivedNanos = receivedNanos;
        this.method = method;
        this.path = path;
        this.query = Map.copyOf(query);
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.json = json;
    }

    public long sequence() { return sequence; }
    public Kind kind() { return kind; }
    /** Same for the WS_OPEN and WS_MESSAGE records of one socket, and for requests on one HTTP connection. */
    public long connectionId() { return connectionId; }
    /** System.nanoTime() at arrival. */
    public long receivedNanos() { return receivedNanos; }
    public String method() { return method; }
    public String path() { return path; }
    /** First value of each query parameter. */
    public Map<String, String> query() { return query; }
    /** Header names lower-cased; raw values (including xi-api-key). */
    public Map<String, String> headers() { return headers; }
    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }
    /** Raw body or message text ("" for none). */
    public String body() { return body; }
    /** Parsed body, or null when it was not JSON. */
    public JsonNode json() { return json; }
    /** System.nanoTime() when the first audio caused by this record was written, 0 if none yet. */
    public long firstAudioNanos() { return firstAudioNanos; }

    void markFirstAudio(long nanos) {
        if (firstAudioNanos == 0) {
            firstAudioNanos = nanos;
        }
    }

    /** JSON view with the API key (header, query authorization, xi_api_key field) redacted. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        n.put("sequence", sequence).put("kind", kind.name()).put("connectionId", connectionId)
                .put("receivedNanos", receivedNanos).put("firstAudioNanos", firstAudioNanos)
                .put("method", method).put("path", path);
        ObjectNode q = n.putObject("query");
        query.forEach((k, v) -> q.put(k, isSecret(k) ? REDACTED : v));
        ObjectNode h = n.putObject("headers");
        headers.forEach((k, v) -> h.put(k, isSecret(k) ? REDACTED : v));
        if (json != null) {
            JsonNode copy = json.deepCopy();
            if (copy instanceof ObjectNode o) {
                SECRET_NAMES.stream().filter(o::has).forEach(k -> o.put(k, REDACTED));
            }
            n.set("json", copy);
        } else {
            n.put("body", body);
        }
        return n;
    }

    private static boolean isSecret(String name) {
        return SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return kind + " #" + sequence + " " + method + " " + path + " (conn " + connectionId + ")";
    }
}
