package io.sayline.core.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
            CREATE TABLE IF NOT EXISTS route_stt (
              route_match TEXT PRIMARY KEY,
              stt TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS admin_secrets (
              name TEXT PRIMARY KEY,
              value TEXT NOT NULL);
            """;

    /**
     * Columns added to {@code speech_services} after its first release, with their definitions: a database made
     * before gets them when it is opened (its services: not used for speech-to-text, the provider's STT defaults).
     */
    private static final Map<String, String> ADDED_COLUMNS = addedColumns();

    private final Connection connection;

    private static Map<String, String> addedColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("use_for_stt", "INTEGER NOT NULL DEFAULT 0");
        columns.put("stt_model_id", "TEXT");
        columns.put("stt_language_code", "TEXT");
        columns.put("stt_commit_strategy", "TEXT");
        columns.put("stt_vad_silence_threshold_secs", "REAL");
        columns.put("stt_vad_threshold", "REAL");
        columns.put("stt_min_speech_duration_ms", "INTEGER");
        columns.put("stt_min_silence_duration_ms", "INTEGER");
        columns.put("stt_include_timestamps", "INTEGER");
        columns.put("stt_chunk_ms", "INTEGER");
        return Collections.unmodifiableMap(columns);
    }

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
                addMissingColumns(statement);
            }
            connection.setAutoCommit(false);
            connection.commit();
            return new StateDb(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("state database " + file + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Each ALTER commits on its own (auto-commit): a crash in between leaves the rest for the next open. */
    private static void addMissingColumns(Statement statement) throws SQLException {
        Set<String> present = new HashSet<>();
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(speech_services)")) {
            while (columns.next()) {
                present.add(columns.getString("name"));
            }
        }
        for (Map.Entry<String, String> column : ADDED_COLUMNS.entrySet()) {
            if (!present.contains(column.getKey())) {
                statement.execute("ALTER TABLE speech_services ADD COLUMN " + column.getKey() + " " + column.getValue());
            }
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
