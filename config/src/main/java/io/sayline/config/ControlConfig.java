package io.sayline.config;

/**
 * The per-call control channel to the bot.
 *
 * @param connectTimeoutMs    how long the WebSocket handshake to the bot may take
 * @param maxFrameBytes       control frames larger than this are refused with an {@code error} event
 * @param maxBufferedChars    text queued beyond this many characters triggers {@code backpressure}
 */
public record ControlConfig(int connectTimeoutMs, int maxFrameBytes, int maxBufferedChars) {
}
