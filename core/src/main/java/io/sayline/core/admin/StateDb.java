package io.sayline.core.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQLite database under {@code state.dir}: {@code sayline.db}, mode 0600 (it holds vendor API keys), in WAL
 * mode with {@code synchronous=FULL}, so a commit survives a crash of the process or the machine and a reader
 * never sees half a transaction (https://www.sqlite.org/wal.html). One connection, used by one thread at a time
 * (the callers synchronize); never touched by a call loop.
 */
final class StateDb implements AutoCloseable {
    static final String FILE = "sayline.db";
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS speech_services (
              name TEXT PRIMARY KEY,
              provider TEXT NOT NULL,
              api_key TEXT NOT NULL,
              base_url TEXT NOT NULL,
              voice_id TEXT NOT NULL,
              model_id TEXT NOT NULL,
              output_format TEXT NOT NULL,
              use_for_tts INTEGER NOT NULL,
              streaming TEXT NOT NULL CHECK (streaming IN ('websocket', 'http', 'off')),
              optimize_streaming_latency INTEGER NOT NULL,
              stability REAL, similarity_boost REAL, style REAL, use_speaker_boost INTEGER, speed REAL,
              chunk_length_schedule TEXT NOT NULL,
              auto_mode INTEGER NOT NULL,
              fallback TEXT,
              version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS route_assignments (
              route_match TEXT PRIMARY KEY,
              tts TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS admin_secrets (
              name TEXT PRIMARY KEY,
              value TEXT NOT NULL);
            """;

    private final Connection connection;

    private StateDb(Connection connection) {
        this.connection = connection;
    }

    static StateDb open(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                // Created 0600 before SQLite opens it: no moment where the keys are readable by others. SQLite
                // gives its -wal and -shm files the database file's mode.
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("state.dir " + dir + ": cannot create " + file, e);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                for (String ddl : SCHEMA.split(";")) {
                    if (!ddl.isBlank()) {
                        statement.execute(ddl);
                    }
                }
            }
            connection.setAutoCommit(false);
            connection.commit();
            return new StateDb(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("state database " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    Connection connection() {
        return connection;
    }

    /** Runs {@code work} as one transaction: committed whole, or rolled back whole when it throws. */
    <T, E extends Exception> T transaction(Work<T, E> work) throws E {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(e);
            throw new IllegalStateException("state database: " + e.getMessage(), e);
        } catch (Exception e) {
            rollback(e);
            throw e;
        }
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("state database failed to close: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run(Connection connection) throws E, SQLException;
    }
}
