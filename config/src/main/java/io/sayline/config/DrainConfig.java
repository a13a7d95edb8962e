package io.sayline.config;

/**
 * What SIGTERM does: refuse new calls at once, then give live calls up to {@code deadlineSeconds} to end
 * by themselves before ending the rest with reason {@code drain}.
 */
public record DrainConfig(int deadlineSeconds) {
}
