package io.sayline.config;

import java.util.Map;

/**
 * {@code routes[].auth}: digest authentication for INVITEs to the route (RFC 3261 §22), for PBXs and trunks that
 * authenticate their peers.
 *
 * @param realm the realm named in the challenge, e.g. the server's host name
 * @param users each user name and its password (use {@code ${VAR}} to keep passwords out of the file)
 */
public record AuthConfig(String realm, Map<String, String> users) {

    public AuthConfig {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /** The user names, never the passwords. */
    @Override
    public String toString() {
        return "AuthConfig[realm=" + realm + ", users=" + users.keySet() + "]";
    }
}
