package io.sayline.config;

/**
 * The HTTP API (health, metrics, calls) and the built-in bots' WebSocket endpoint.
 *
 * @param bind address the API listens on: loopback by default, because {@code /calls} shows callers' numbers and
 *             nothing in it asks for credentials; set it (e.g. {@code 0.0.0.0}) for a remote Prometheus or
 *             health check
 * @param token bearer token {@code /calls} asks for (RFC 6750), or null: set it whenever {@code bind} is not loopback
 */
public record HttpConfig(String bind, int port, String token) {

    /** Without the token (Secrets). */
    @Override
    public String toString() {
        return Secrets.describe(this, "token");
    }
}
