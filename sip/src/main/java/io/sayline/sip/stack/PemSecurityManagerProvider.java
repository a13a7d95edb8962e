package io.sayline.sip.stack;

import gov.nist.core.net.SecurityManagerProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JAIN SIP RI's hook for TLS keys ({@code gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER}), fed from PEM files
 * named in the stack properties: {@link #CERTIFICATE} and {@link #KEY} for our side. When Sayline connects out over
 * TLS (a BYE to a caller whose connection is gone), it trusts the JDK's certificate authorities.
 */
public final class PemSecurityManagerProvider implements SecurityManagerProvider {
    public static final String CERTIFICATE = "io.sayline.sip.tls.certificate";
    public static final String KEY = "io.sayline.sip.tls.key";

    private KeyManager[] keyManagers;
    private TrustManager[] trustManagers;

    @Override
    public void init(Properties properties) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(PemKeyStore.of(Path.of(properties.getProperty(CERTIFICATE)), Path.of(properties.getProperty(KEY))),
                PemKeyStore.PASSWORD);
        keyManagers = keys.getKeyManagers();
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init((KeyStore) null); // the JDK's certificate authorities
        trustManagers = trusted.getTrustManagers();
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return keyManagers;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers;
    }
}
