package io.sayline.config;

/** The playout (jitter) buffer between the TTS vendor and the pacer. */
public record PlayoutConfig(int startMs, int maxMs, boolean adaptive) {
}
