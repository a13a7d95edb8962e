package io.sayline.config;

/**
 * {@code security}: settings that loosen Sayline's own protections, each off by default.
 *
 * @param allowPlaintextCredentials let a bot's bearer token travel over {@code ws://} and a vendor API key over
 *                                  {@code http://} to a host other than this machine. Off, such a configuration is
 *                                  refused at start; loopback addresses are always allowed (the traffic never
 *                                  leaves the machine)
 */
public record SecurityConfig(boolean allowPlaintextCredentials) {
}
