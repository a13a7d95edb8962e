package io.sayline.core.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One admin request: its form or query parameters, cookies, and the response helpers. */
final class AdminExchange {
    /** No admin form or API body comes near this; a larger one is refused (413), not buffered. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    final HttpExchange http;
    private Map<String, String> form;
    private String body;

    AdminExchange(HttpExchange http) {
        this.http = http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String path() {
        return http.getRequestURI().getPath();
    }

    String sourceAddress() {
        return http.getRemoteAddress().getAddress().getHostAddress();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    String cookie(String name) {
        String header = header("Cookie");
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            String[] kv = pair.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(name)) {
                return kv[1];
            }
        }
        return null;
    }

    Map<String, String> query() {
        return parse(http.getRequestURI().getRawQuery());
    }

    /** The url-encoded form body, then the query, by name; the body wins. */
    Map<String, String> form() throws IOException {
        if (form == null) {
            form = new LinkedHashMap<>(query());
            form.putAll(parse(body()));
        }
        return form;
    }

    String body() throws IOException {
        if (body == null) {
            try (InputStream in = http.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw new BodyTooLarge();
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        }
        return body;
    }

    void html(int status, String page) throws IOException {
        send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    void json(int status, String json) throws IOException {
        send(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) throws IOException {
        http.getResponseHeaders().set("Location", location);
        send(303, "text/plain; charset=utf-8", new byte[0]);
    }

    void setCookie(String value) {
        http.getResponseHeaders().add("Set-Cookie", value);
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        var headers = http.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        // Scripts and styles only from the page's own files; the Test voice sample is a data: URI.
        headers.set("Content-Security-Policy",
                "default-src 'self'; media-src 'self' data:; form-action 'self'; frame-ancestors 'none'");
        http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        }
        http.close();
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            values.put(key, kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    /** The body passed {@link #MAX_BODY_BYTES}. */
    static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }
}
