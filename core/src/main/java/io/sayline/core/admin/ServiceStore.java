package io.sayline.core.admin;

import io.sayline.config.ServiceBlocks;
import io.sayline.config.TtsVendorConfig;
import io.sayline.config.VoiceSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The speech services, route voices and admin secrets made on the admin page, in {@link StateDb}. Each save is one
 * transaction and bumps the service's {@code version}; a save that names another version than the stored one is
 * refused ({@link StaleSaveException}), so two editors never overwrite each other unseen. Thread-safe (one lock:
 * the admin threads only, never a call loop).
 */
public final class ServiceStore implements AutoCloseable {
    private static final String COLUMNS = "name, provider, api_key, base_url, voice_id, model_id, output_format, "
            + "use_for_tts, streaming, optimize_streaming_latency, stability, similarity_boost, style, "
            + "use_speaker_boost, speed, chunk_length_schedule, auto_mode, fallback, version";
    private final StateDb db;

    private ServiceStore(StateDb db) {
        this.db = db;
    }

    public static ServiceStore open(Path stateDir) {
        return new ServiceStore(StateDb.open(stateDir));
    }

    public synchronized List<SpeechService> services() {
        return db.transaction(c -> {
            List<SpeechService> services = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM speech_services ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    services.add(read(rows));
                }
            }
            return services;
        });
    }

    public synchronized Optional<SpeechService> service(String name) {
        return db.transaction(c -> find(c, name));
    }

    /**
     * Saves {@code name} in one transaction.
     *
     * @param expectedVersion the version the editor started from; 0 for a new service
     * @return the service as stored, with its new version
     * @throws StaleSaveException when the stored version differs (or a new name exists already): nothing saved
     */
    public synchronized SpeechService save(String name, TtsVendorConfig block, boolean useForTts, long expectedVersion)
            throws StaleSaveException {
        return db.transaction(c -> {
            Optional<SpeechService> current = find(c, name);
            long stored = current.map(SpeechService::version).orElse(0L);
            if (stored != expectedVersion) {
                throw new StaleSaveException(expectedVersion == 0
                        ? "a speech service named '" + name + "' exists already"
                        : "'" + name + "' was changed by someone else since you opened it (now version " + stored
                        + ", yours " + expectedVersion + "): reload it and apply your change again");
            }
            try (PreparedStatement upsert = c.prepareStatement("INSERT OR REPLACE INTO speech_services (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                write(upsert, name, block, useForTts, stored + 1);
                upsert.executeUpdate();
            }
            return new SpeechService(name, block, useForTts, stored + 1, false);
        });
    }

    /** Deletes {@code name} and the route assignments naming it; refused when the version is not the stored one. */
    public synchronized void delete(String name, long expectedVersion) throws StaleSaveException {
        db.transaction(c -> {
            long stored = find(c, name).map(SpeechService::version).orElse(0L);
            if (stored == 0 || stored != expectedVersion) {
                throw new StaleSaveException(stored == 0 ? "no speech service named '" + name + "'"
                        : "'" + name + "' was changed by someone else (now version " + stored + ", yours "
                        + expectedVersion + "): reload it first");
            }
            update(c, "DELETE FROM route_assignments WHERE tts = ?", name);
            update(c, "DELETE FROM speech_services WHERE name = ?", name);
            return null;
        });
    }

    /** Route voices set on the page: route {@code match} → speech service name. */
    public synchronized Map<String, String> routeVoices() {
        return db.transaction(c -> {
            Map<String, String> voices = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT route_match, tts FROM route_assignments");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    voices.put(rows.getString(1), rows.getString(2));
                }
            }
            return voices;
        });
    }

    /** Sets the voice of the route matching {@code match}; null goes back to the file's {@code tts:}. */
    public synchronized void assignRoute(String match, String service) {
        db.transaction(c -> {
            if (service == null) {
                update(c, "DELETE FROM route_assignments WHERE route_match = ?", match);
            } else {
                update(c, "INSERT OR REPLACE INTO route_assignments (route_match, tts) VALUES (?, ?)", match, service);
            }
            return null;
        });
    }

    public synchronized Optional<String> secret(String name) {
        return db.transaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT value FROM admin_secrets WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    public synchronized void putSecret(String name, String value) {
        db.transaction(c -> update(c, "INSERT OR REPLACE INTO admin_secrets (name, value) VALUES (?, ?)", name, value));
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    private static int update(Connection c, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static Optional<SpeechService> find(Connection c, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM speech_services WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    private static void write(PreparedStatement s, String name, TtsVendorConfig b, boolean useForTts, long version)
            throws SQLException {
        VoiceSettings v = b.voiceSettings() == null ? new VoiceSettings(null, null, null, null, null) : b.voiceSettings();
        s.setString(1, name);
        s.setString(2, b.provider());
        s.setString(3, b.apiKey());
        s.setString(4, b.baseUrl());
        s.setString(5, b.voiceId());
        s.setString(6, b.modelId());
        s.setString(7, b.outputFormat());
        s.setInt(8, useForTts ? 1 : 0);
        s.setString(9, b.streaming());
        s.setInt(10, b.optimizeStreamingLatency());
        setDouble(s, 11, v.stability());
        setDouble(s, 12, v.similarityBoost());
        setDouble(s, 13, v.style());
        if (v.useSpeakerBoost() == null) {
            s.setNull(14, Types.INTEGER);
        } else {
            s.setInt(14, v.useSpeakerBoost() ? 1 : 0);
        }
        setDouble(s, 15, v.speed());
        s.setString(16, b.chunkLengthSchedule().stream().map(String::valueOf).collect(Collectors.joining(",")));
        s.setInt(17, b.autoMode() ? 1 : 0);
        s.setString(18, b.fallback());
        s.setLong(19, version);
    }

    /** A stored row goes through the same checks as a form or the file: a row the checks refuse is an error. */
    private static SpeechService read(ResultSet r) throws SQLException {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("apiKey", r.getString("api_key"));
        keys.put("baseUrl", r.getString("base_url"));
        keys.put("voiceId", r.getString("voice_id"));
        keys.put("modelId", r.getString("model_id"));
        keys.put("outputFormat", r.getString("output_format"));
        keys.put("streaming", r.getString("streaming"));
        keys.put("optimizeStreamingLatency", r.getInt("optimize_streaming_latency"));
        Map<String, Object> voice = new LinkedHashMap<>();
        putIfSet(voice, "stability", r.getObject("stability"));
        putIfSet(voice, "similarityBoost", r.getObject("similarity_boost"));
        putIfSet(voice, "style", r.getObject("style"));
        Object boost = r.getObject("use_speaker_boost");
        putIfSet(voice, "useSpeakerBoost", boost == null ? null : ((Number) boost).intValue() == 1);
        putIfSet(voice, "speed", r.getObject("speed"));
        if (!voice.isEmpty()) {
            keys.put("voiceSettings", voice);
        }
        keys.put("chunkLengthSchedule", Arrays.stream(r.getString("chunk_length_schedule").split(","))
                .map(Integer::valueOf).toList());
        keys.put("autoMode", r.getInt("auto_mode") == 1);
        putIfSet(keys, "fallback", r.getString("fallback"));
        String name = r.getString("name");
        TtsVendorConfig block = ServiceBlocks.elevenLabs("speech_services[" + name + "]", keys);
        return new SpeechService(name, block, r.getInt("use_for_tts") == 1, r.getLong("version"), false);
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof Number n && !(value instanceof Boolean) && !key.equals("optimizeStreamingLatency")
                    ? n.doubleValue() : value);
        }
    }

    private static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }
}
