package io.sayline.core.admin;

import io.sayline.config.AdminConfig;
import java.io.PrintStream;

/**
 * The admin password's hash: {@code admin.passwordHash} when set, else the one kept in the state database. With
 * neither, a one-time password is generated, printed once (to standard output, never to the log files a
 * collector ships), and only its hash stored.
 */
final class AdminPassword {
    static final String SECRET = "admin_password_hash";

    private AdminPassword() {
    }

    static String hash(AdminConfig admin, ServiceStore store, PrintStream out) {
        if (admin.passwordHash() != null) {
            return admin.passwordHash();
        }
        return store.secret(SECRET).orElseGet(() -> {
            String password = PasswordHash.generate();
            String hash = PasswordHash.hash(password.toCharArray());
            store.putSecret(SECRET, hash);
            out.println("sayline admin: one-time password (shown once; only its hash is kept): " + password);
            out.flush();
            return hash;
        });
    }
}
