package io.sayline.sip.stack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key from PEM files, the way operators get them (Let's Encrypt, an internal
 * CA), as an in-memory {@link KeyStore}: no keytool step. The key must be unencrypted PKCS #8
 * ({@code BEGIN PRIVATE KEY}, RSA or EC); a PKCS #1 {@code BEGIN RSA PRIVATE KEY} file is refused with the
 * command that converts it.
 */
public final class PemKeyStore {
    /** The in-memory store's password: it never leaves this process. */
    static final char[] PASSWORD = "sayline".toCharArray();
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {
    }

    /** A store holding one entry: the key and the chain that goes with it. */
    public static KeyStore of(Path certificate, Path key) throws IOException, GeneralSecurityException {
        Certificate[] chain = certificates(certificate).toArray(new Certificate[0]);
        if (chain.length == 0) {
            throw new GeneralSecurityException(certificate + " holds no certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("sayline", privateKey(key), PASSWORD, chain);
        return store;
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
    }

    private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new GeneralSecurityException(file + " holds no unencrypted PKCS #8 key (BEGIN PRIVATE KEY); convert"
                    + " it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // not this algorithm: try the next
            }
        }
        throw new GeneralSecurityException(file + " holds a key that is neither RSA nor EC");
    }
}
