package io.sayline.config;

/**
 * {@code sip.tls}: SIP over TLS (RFC 3261 §26.2), used when {@code sip.transports} lists {@code tls}. TLS runs over
 * TCP, so it needs a port of its own (5061 by convention, RFC 3261 §19.1.2).
 *
 * @param port        TLS listening port; 0 picks a free one
 * @param certificate PEM file with the server certificate, then its chain
 * @param key         PEM file with the certificate's private key, unencrypted PKCS #8 ({@code BEGIN PRIVATE KEY})
 */
public record SipTlsConfig(int port, String certificate, String key) {

    /** No TLS files: for servers whose transports do not include {@code tls}. */
    public static SipTlsConfig none() {
        return new SipTlsConfig(5061, null, null);
    }
}
