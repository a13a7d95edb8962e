package io.sayline.sip.admission;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.header.AuthorizationHeader;

/**
 * Digest authentication of INVITEs (RFC 3261 §22.4, RFC 2617 §3.2 with {@code qop=auth}, MD5 as every SIP peer
 * supports it) for routes that ask for it: the challenge's nonce carries its own time and an HMAC of it under a
 * key made at start, so nothing is stored per challenge and a nonce older than {@link #NONCE_LIFETIME_SECONDS} is
 * refused as stale (the peer retries without asking its user again). Thread-safe.
 */
public final class DigestAuth {
    static final long NONCE_LIFETIME_SECONDS = 300;
    private static final int MAC_BYTES = 16;

    /** What a request's credentials amount to. */
    public enum Verdict { VALID, STALE, INVALID }

    private final byte[] key = new byte[32];
    private final LongSupplier nanoClock;

    /** @param nanoClock a monotonic clock, {@code System::nanoTime} outside tests */
    public DigestAuth(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        new SecureRandom().nextBytes(key);
    }

    /** The {@code WWW-Authenticate} value that challenges a request for {@code realm}. */
    public String challenge(String realm, boolean stale) {
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce(nanoClock.getAsLong())
                + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "");
    }

    /** Checks {@code authorization} (may be null: no credentials) on a request of {@code method}. */
    public Verdict verify(AuthorizationHeader authorization, String method, DigestCredentials credentials) {
        if (authorization == null || !"Digest".equalsIgnoreCase(authorization.getScheme())
                || !credentials.realm().equals(authorization.getRealm()) || authorization.getNonce() == null
                || authorization.getResponse() == null || authorization.getURI() == null) {
            return Verdict.INVALID;
        }
        String algorithm = authorization.getAlgorithm();
        String password = credentials.passwords().get(authorization.getUsername());
        if (password == null || (algorithm != null && !algorithm.equalsIgnoreCase("MD5"))) {
            return Verdict.INVALID;
        }
        Long issued = issuedAt(authorization.getNonce());
        if (issued == null) {
            return Verdict.INVALID;
        }
        String expected = response(authorization, method, password);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                authorization.getResponse().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        boolean fresh = nanoClock.getAsLong() - issued < TimeUnit.SECONDS.toNanos(NONCE_LIFETIME_SECONDS);
        return fresh ? Verdict.VALID : Verdict.STALE;
    }

    /** RFC 2617 §3.2.2.1: the request-digest, with or without qop. */
    private static String response(AuthorizationHeader a, String method, String password) {
        String ha1 = md5(a.getUsername() + ":" + a.getRealm() + ":" + password);
        String ha2 = md5(method + ":" + a.getURI());
        String qop = a.getQop();
        if (qop == null) {
            return md5(ha1 + ":" + a.getNonce() + ":" + ha2);
        }
        String nc = String.format(Locale.ROOT, "%08x", a.getNonceCount());
        return md5(ha1 + ":" + a.getNonce() + ":" + nc + ":" + a.getCNonce() + ":" + qop + ":" + ha2);
    }

    private String nonce(long issued) {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES + MAC_BYTES).putLong(issued).put(mac(issued));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The time a nonce of ours was issued, or null when it is not one of ours. */
    private Long issuedAt(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != Long.BYTES + MAC_BYTES) {
            return null;
        }
        long issued = ByteBuffer.wrap(bytes).getLong();
        return MessageDigest.isEqual(mac(issued), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length)) ? issued : null;
    }

    private byte[] mac(long issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(issued).array()), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is in every JDK", e);
        }
    }
}
