package io.sayline.config;

/** The HTTP API (health, metrics, calls) and the built-in bots' WebSocket endpoint. */
public record HttpConfig(int port) {
}
