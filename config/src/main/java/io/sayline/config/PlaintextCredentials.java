package io.sayline.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses credentials that would cross a network in the clear: a route's bot token over {@code ws://}, a vendor's
 * API key over {@code http://}, to any host but this machine, unless {@code security.allowPlaintextCredentials}.
 * Host names other than {@code localhost} count as remote (resolving them here would put DNS on the start-up path).
 */
final class PlaintextCredentials {
    private PlaintextCredentials() {
    }

    static void check(SaylineConfig config) {
        if (config.security().allowPlaintextCredentials()) {
            return;
        }
        for (int i = 0; i < config.routes().size(); i++) {
            RouteConfig route = config.routes().get(i);
            if (route.token() != null) {
                refuseIfPlaintext("routes[" + i + "].token", route.bot(), "ws");
            }
        }
        config.tts().forEach((name, block) -> {
            if (block.isElevenLabs() && block.apiKey() != null) {
                refuseIfPlaintext("tts." + name + ".baseUrl", block.baseUrl(), "http");
            }
        });
        config.stt().forEach((name, block) -> {
            if (block.apiKey() != null) {
                refuseIfPlaintext("stt." + name + ".baseUrl", block.baseUrl(), "http");
            }
        });
    }

    /** @param plainScheme the scheme that carries the credential unencrypted: {@code ws} or {@code http} */
    static void refuseIfPlaintext(String key, String url, String plainScheme) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return; // not a URL: the key's own check says so
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals(plainScheme)
                || loopback(uri.getHost())) {
            return;
        }
        throw new ConfigException(key, "would send a credential in the clear to " + uri.getScheme() + "://"
                + uri.getHost() + ": use " + plainScheme + "s://, or set security.allowPlaintextCredentials: true");
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!Cidr.isLiteral(bare)) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
