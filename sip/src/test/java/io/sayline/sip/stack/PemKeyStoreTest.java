package io.sayline.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aPemCertificateAndPkcs8KeyBecomeOneKeyEntry() throws Exception {
        KeyStore store = PemKeyStore.of(resource("tls/certificate.pem"), resource("tls/key.pem"));
        assertTrue(store.isKeyEntry("sayline"));
        X509Certificate certificate = (X509Certificate) store.getCertificate("sayline");
        assertEquals("CN=localhost", certificate.getSubjectX500Principal().getName());
        assertTrue(store.getKey("sayline", PemKeyStore.PASSWORD) != null);
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----\n");
        GeneralSecurityException refused = assertThrows(GeneralSecurityException.class,
                () -> PemKeyStore.of(resource("tls/certificate.pem"), pkcs1));
        assertTrue(refused.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), refused.getMessage());
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThrows(Exception.class, () -> PemKeyStore.of(empty, resource("tls/key.pem")));
    }

    private static Path resource(String name) throws Exception {
        return Path.of(PemKeyStoreTest.class.getClassLoader().getResource(name).toURI());
    }
}
