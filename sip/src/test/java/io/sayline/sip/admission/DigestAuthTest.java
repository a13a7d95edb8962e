package io.sayline.sip.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.header.AuthorizationHeader;
import org.junit.jupiter.api.Test;

class DigestAuthTest {
    private static final DigestCredentials PBX = new DigestCredentials("sayline.test", Map.of("pbx1", "s3cret"));
    private static final String URI = "sip:ivr@sayline.test";
    private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final DigestAuth digest = new DigestAuth(now::get);

    @Test
    void aResponseComputedAsAPeerWouldIsValidAndAWrongPasswordIsNot() throws Exception {
        String nonce = nonceOf(digest.challenge("sayline.test", false));
        assertEquals(DigestAuth.Verdict.VALID, digest.verify(answer(nonce, "pbx1", "s3cret"), "INVITE", PBX));
        assertEquals(DigestAuth.Verdict.INVALID, digest.verify(answer(nonce, "pbx1", "guess"), "INVITE", PBX));
        assertEquals(DigestAuth.Verdict.INVALID, digest.verify(answer(nonce, "mallory", "s3cret"), "INVITE", PBX));
        assertEquals(DigestAuth.Verdict.INVALID, digest.verify(null, "INVITE", PBX), "no credentials at all");
    }

    @Test
    void aNonceNotOfOursIsInvalidAndAnOldOneOnlyStale() throws Exception {
        String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertEquals(DigestAuth.Verdict.INVALID, digest.verify(answer(forged, "pbx1", "s3cret"), "INVITE", PBX));
        String nonce = nonceOf(digest.challenge("sayline.test", false));
        now.addAndGet(TimeUnit.SECONDS.toNanos(DigestAuth.NONCE_LIFETIME_SECONDS + 1));
        assertEquals(DigestAuth.Verdict.STALE, digest.verify(answer(nonce, "pbx1", "s3cret"), "INVITE", PBX));
        assertTrue(digest.challenge("sayline.test", true).endsWith("stale=true"));
    }

    /** The Authorization a peer sends back for {@code nonce} (RFC 2617 §3.2.2, qop=auth). */
    private static AuthorizationHeader answer(String nonce, String user, String password) throws Exception {
        String ha1 = md5(user + ":sayline.test:" + password);
        String ha2 = md5("INVITE:" + URI);
        String response = md5(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + ha2);
        AuthorizationHeader header = new HeaderFactoryImpl().createAuthorizationHeader("Digest");
        header.setUsername(user);
        header.setRealm("sayline.test");
        header.setNonce(nonce);
        header.setURI(new gov.nist.javax.sip.address.AddressFactoryImpl().createURI(URI));
        header.setResponse(response);
        header.setAlgorithm("MD5");
        header.setQop("auth");
        header.setCNonce("c0ffee");
        header.setNonceCount(1);
        return header;
    }

    private static String nonceOf(String challenge) {
        Matcher matcher = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertTrue(matcher.find(), challenge);
        return matcher.group(1);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
