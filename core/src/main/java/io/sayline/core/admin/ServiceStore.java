package io.sayline.core.admin;

import io.sayline.config.ServiceBlocks;
import io.sayline.config.SttVendorConfig;
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
 * The speech services (their speech-to-text settings included), route voices, route transcription services and
 * admin secrets made on the admin page, in {@link StateDb}. Each save is one transaction and bumps the service's
 * {@code version}; a save that names another version than the stored one is refused ({@link StaleSaveException}),
 * so two editors never overwrite each other unseen. Thread-safe (one lock: the admin threads only, never a call
 * loop).
 */
public final class ServiceStore implements AutoCloseable {
    private static final String COLUMNS = "name, provider, api_key, base_url, voice_id, model_id, output_format, "
            + "use_for_tts, streaming, optimize_streaming_latency, stability, similarity_boost, style, "
            + "use_speaker_boost, speed, chunk_length_schedule, auto_mode, fallback, version, use_for_stt, "
            + String.join(", ", sttColumns());
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
        return save(name, block, useForTts, null, false, expectedVersion);
    }

    /**
     * As above, with speech-to-text settings.
     *
     * @param stt the speech-to-text settings; null: the provider's defaults
     */
    public synchronized SpeechService save(String name, TtsVendorConfig block, boolean useForTts, SttVendorConfig stt,
                                           boolean useForStt, long expectedVersion) throws StaleSaveException {
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
                    + ") VALUES (" + "?, ".repeat(COLUMNS.split(",").length - 1) + "?)")) {
                write(upsert, name, block, useForTts, stored + 1);
                upsert.setInt(20, useForStt ? 1 : 0);
                writeStt(upsert, 21, stt);
                upsert.executeUpdate();
            }
            return find(c, name).orElseThrow();
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
            update(c, "DELETE FROM route_stt WHERE stt = ?", name);
            update(c, "DELETE FROM speech_services WHERE name = ?", name);
            return null;
        });
    }

    /** Route voices set on the page: route {@code match} → speech service name. */
    public synchronized Map<String, String> routeVoices() {
        return routeChoices("route_assignments", "tts");
    }

    /** Route transcription services set on the page: route {@code match} → speech service name. */
    public synchronized Map<String, String> routeStt() {
        return routeChoices("route_stt", "stt");
    }

    private Map<String, String> routeChoices(String table, String column) {
        return db.transaction(c -> {
            Map<String, String> choices = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT route_match, " + column + " FROM " + table);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    choices.put(rows.getString(1), rows.getString(2));
                }
            }
            return choices;
        });
    }

    /**
     * Sets, in one transaction, the voice and the transcription service of the route matching {@code match}; a
     * null one goes back to the file's {@code tts:} / {@code stt:}.
     */
    public synchronized void assignRoute(String match, String tts, String stt) {
        db.transaction(c -> {
            assign(c, "route_assignments", "tts", match, tts);
            assign(c, "route_stt", "stt", match, stt);
            return null;
        });
    }

    private static int assign(Connection c, String table, String column, String match, String service)
            throws SQLException {
        return service == null ? update(c, "DELETE FROM " + table + " WHERE route_match = ?", match)
                : update(c, "INSERT OR REPLACE INTO " + table + " (route_match, " + column + ") VALUES (?, ?)", match,
                        service);
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
        SttVendorConfig stt = SttSettings.block("speech_services[" + name + "].stt", block, readStt(r));
        return new SpeechService(name, block, r.getInt("use_for_tts") == 1, stt, r.getInt("use_for_stt") == 1,
                r.getLong("version"), false);
    }

    /** {@code stt_model_id} for {@code modelId}: the column of each {@link SttSettings#KEYS} key. */
    private static List<String> sttColumns() {
        return SttSettings.KEYS.stream().map(k -> "stt_" + k.replaceAll("([A-Z])", "_$1").toLowerCase()).toList();
    }

    /** The stored speech-to-text settings; a column not set (a row from before them) is left to the defaults. */
    private static Map<String, Object> readStt(ResultSet r) throws SQLException {
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> columns = sttColumns();
        for (int i = 0; i < columns.size(); i++) {
            Object value = r.getObject(columns.get(i));
            String key = SttSettings.KEYS.get(i);
            if (value != null) {
                settings.put(key, key.equals("includeTimestamps") ? ((Number) value).intValue() == 1 : value);
            }
        }
        return settings;
    }

    private static void writeStt(PreparedStatement s, int first, SttVendorConfig stt) throws SQLException {
        Map<String, Object> settings = stt == null ? Map.of() : SttSettings.of(stt);
        for (int i = 0; i < SttSettings.KEYS.size(); i++) {
            Object value = settings.get(SttSettings.KEYS.get(i));
            if (value == null) {
                s.setNull(first + i, Types.NULL);
            } else {
                s.setObject(first + i, value instanceof Boolean b ? (b ? 1 : 0) : value);
            }
        }
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
