package io.sayline.core.net;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A vendor endpoint's URL, built from the configured base URL: path segments and query parameters
 * percent-encoded as RFC 3986 section 2 says (every byte of their UTF-8 outside the unreserved characters).
 *
 * <pre>
 * VendorUrl.of("https://api.elevenlabs.io").segments("v1/text-to-speech").segment(voiceId)
 *         .query("output_format", "pcm_16000").build();
 * </pre>
 */
public final class VendorUrl {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String origin;
    private final StringBuilder path;
    private final StringBuilder query = new StringBuilder();

    private VendorUrl(String origin, String basePath) {
        this.origin = origin;
        this.path = new StringBuilder(basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath);
    }

    /** A new builder that starts where this one is: a prefix made once, then copied for every request. */
    public VendorUrl copy() {
        VendorUrl copy = new VendorUrl(origin, path.toString());
        copy.query.append(query);
        return copy;
    }

    /**
     * @throws IllegalArgumentException when {@code baseUrl} is not an absolute {@code http} or {@code https} URL
     *                                  with a host
     */
    public static VendorUrl of(String baseUrl) {
        URI base;
        try {
            base = URI.create(baseUrl == null ? "" : baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw notHttp(baseUrl);
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase();
        boolean http = scheme.equals("http") || scheme.equals("https");
        if (!http || base.getHost() == null || base.getRawQuery() != null) {
            throw notHttp(baseUrl);
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        return new VendorUrl(scheme + "://" + base.getRawAuthority(), path);
    }

    /** Appends {@code slashSeparated}'s segments, each encoded. */
    public VendorUrl segments(String slashSeparated) {
        for (String segment : slashSeparated.split("/")) {
            if (!segment.isEmpty()) {
                segment(segment);
            }
        }
        return this;
    }

    /** Appends one segment, encoded: a {@code /} in it stays part of it. */
    public VendorUrl segment(String segment) {
        path.append('/');
        encode(segment, path);
        return this;
    }

    /** Adds {@code name=value}, encoded; nothing when {@code value} is null. */
    public VendorUrl query(String name, Object value) {
        if (value != null) {
            query.append(query.length() == 0 ? "" : "&");
            encode(name, query);
            query.append('=');
            encode(value.toString(), query);
        }
        return this;
    }

    public URI build() {
        return URI.create(origin + (path.length() == 0 ? "/" : path) + (query.length() == 0 ? "" : "?" + query));
    }

    private static void encode(String text, StringBuilder out) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static IllegalArgumentException notHttp(String baseUrl) {
        return new IllegalArgumentException("baseUrl must be an http(s) URL, was '" + baseUrl + "'");
    }
}
