package io.sayline.sip.admission;

import java.util.Map;

/**
 * Who may place calls to a route that asks for digest authentication (RFC 3261 §22): the realm named in the
 * challenge and each user's password.
 */
public record DigestCredentials(String realm, Map<String, String> passwords) {

    public DigestCredentials {
        passwords = Map.copyOf(passwords);
    }

    @Override
    public String toString() {
        return "DigestCredentials[realm=" + realm + ", users=" + passwords.keySet() + "]";
    }
}
