package io.sayline.core.net;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP/1.1 request whose answer streams back ({@link StreamingHttpClient}).
 *
 * @param method          {@code GET} or {@code POST}
 * @param uri             {@code http} or {@code https}, with path and query already encoded
 * @param headers         extra request headers; Host, Content-Length and User-Agent are set by the client
 * @param body            the request body, empty for none
 * @param connectTimeoutMs how long to wait for a new connection (TCP, and TLS when {@code https})
 * @param readTimeoutMs    how long the answer may stay silent, before its head and between pieces of its body
 */
public record StreamingRequest(String method, URI uri, Map<String, String> headers, byte[] body,
                               int connectTimeoutMs, long readTimeoutMs) {

    /** Connections are kept and reused per origin. */
    String origin() {
        return uri.getScheme().toLowerCase() + "://" + uri.getHost() + ":" + NettyClients.portOf(uri);
    }

    String hostHeader() {
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    String pathAndQuery() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
