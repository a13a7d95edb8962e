package io.sayline.config;

/**
 * Where Sayline keeps what it changes at run time (the admin page's speech services, route voices and its
 * password hash): one SQLite database, {@code DIR/sayline.db}.
 *
 * @param dir the directory; created if missing (mode 0700 where the file system has POSIX permissions)
 */
public record StateConfig(String dir) {
}
