package io.sayline.config;

/**
 * The admin web page and its JSON API (docs/admin.md): speech services and route voices edited in a browser.
 *
 * @param enabled      off by default: the page changes which vendor (and API key) live traffic uses
 * @param bind         loopback by default; the page asks for a password, but it carries vendor credentials
 * @param port         where it listens (0: an ephemeral port, for tests)
 * @param passwordHash the admin password as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), or null: a
 *                     one-time password is then generated at the first start, printed once, and its hash kept
 *                     in the state database
 */
public record AdminConfig(boolean enabled, String bind, int port, String passwordHash) {
}
