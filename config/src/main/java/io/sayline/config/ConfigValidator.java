package io.sayline.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks what binding cannot: ranges, references between sections, formats. The first problem wins. */
final class ConfigValidator {
    static final Set<String> CODECS = Set.of("PCMU", "PCMA");
    static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls");
    static final Set<String> STREAMING_MODES = Set.of("websocket", "http", "off");
    static final Set<String> NORMALIZATION = Set.of("auto", "on", "off");
    static final Set<String> BARGE_IN_MODES = Set.of(BargeInConfig.ENERGY, BargeInConfig.WORDS, BargeInConfig.BOTH);
    static final Set<String> COMMIT_STRATEGIES = Set.of("vad", "manual");
    /** Every output format ElevenLabs documents (docs/elevenlabs.md, "Output formats") that Sayline decodes. */
    static final Pattern OUTPUT_FORMAT = Pattern.compile(
            "pcm_(8000|16000|22050|24000|32000|44100|48000)|ulaw_8000|alaw_8000"
                    + "|mp3_22050_32|mp3_24000_48|mp3_44100_(32|64|96|128|192)");

    /** What {@code PasswordHash} in core writes: algorithm, iterations, base64 salt, base64 hash. */
    static final Pattern PASSWORD_HASH = Pattern.compile("pbkdf2-sha256\\$[0-9]{4,7}\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{16,}");

    private ConfigValidator() {
    }

    static void validate(SaylineConfig config) {
        sip(config.sip());
        rtp(config.rtp());
        playout(config.playout());
        address("http.bind", config.http().bind());
        port("http.port", config.http().port(), 0);
        control(config.control());
        tts(config.tts());
        stt(config.stt());
        routes(config.routes(), config.tts(), config.stt());
        bargeIn(config.bargeIn());
        require("drain.deadlineSeconds", config.drain().deadlineSeconds() >= 0,
                "must be >= 0 (0 ends live calls at once), was " + config.drain().deadlineSeconds());
        records(config.records());
        admin(config.admin(), config.state(), config.http());
        PlaintextCredentials.check(config);
    }

    private static void admin(AdminConfig admin, StateConfig state, HttpConfig http) {
        address("admin.bind", admin.bind());
        port("admin.port", admin.port(), 0);
        require("admin.port", !admin.enabled() || admin.port() == 0 || admin.port() != http.port(),
                "must differ from http.port (" + http.port() + ")");
        if (admin.passwordHash() != null) {
            require("admin.passwordHash", PASSWORD_HASH.matcher(admin.passwordHash()).matches(),
                    "must read pbkdf2-sha256$ITERATIONS$SALT$HASH (docs/admin.md, \"Password\")");
        }
        require("state.dir", state.dir() != null && !state.dir().isBlank(), "is required");
    }

    private static void records(RecordsConfig records) {
        if (records.path() != null) {
            require("records.path", !records.path().isBlank(), "must not be blank");
            Path directory = Path.of(records.path()).toAbsolutePath().getParent();
            require("records.path", Files.isDirectory(directory) && Files.isWritable(directory),
                    "directory " + directory + " must exist and be writable");
        }
        require("records.maxBytes", records.maxBytes() >= 4096, "must be >= 4096, was " + records.maxBytes());
        require("records.keep", records.keep() >= 0 && records.keep() <= 100, "must be 0..100, was " + records.keep());
    }

    private static void sip(SipConfig sip) {
        address("sip.bind", sip.bind());
        port("sip.port", sip.port(), 0);
        require("sip.transports", !sip.transports().isEmpty(), "must name at least one of udp, tcp, tls");
        for (String transport : sip.transports()) {
            require("sip.transports", TRANSPORTS.contains(transport), "'" + transport + "' is not one of udp, tcp, tls");
        }
        cidrs("sip.allow", sip.allow());
        require("sip.maxCallsPerSecond", sip.maxCallsPerSecond() > 0, "must be > 0, was " + sip.maxCallsPerSecond());
        require("sip.maxCalls", sip.maxCalls() >= 0, "must be >= 0 (0: as many as the RTP port range holds), was "
                + sip.maxCalls());
        perSource(sip.perSource());
        if (sip.transports().contains("tls")) {
            tls(sip.tls(), sip.port());
        }
    }

    private static void cidrs(String key, List<String> cidrs) {
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                Cidr.parse(cidrs.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + "[" + i + "]", e.getMessage());
            }
        }
    }

    private static void tls(SipTlsConfig tls, int sipPort) {
        port("sip.tls.port", tls.port(), 0);
        require("sip.tls.port", tls.port() == 0 || tls.port() != sipPort,
                "must differ from sip.port (TLS runs over TCP), was " + tls.port());
        readableFile("sip.tls.certificate", tls.certificate());
        readableFile("sip.tls.key", tls.key());
    }

    private static void readableFile(String key, String path) {
        require(key, path != null && !path.isBlank(), "is required when sip.transports lists tls");
        require(key, Files.isRegularFile(Path.of(path)) && Files.isReadable(Path.of(path)),
                "must be a readable PEM file, was " + path);
    }

    private static void perSource(SourceLimitsConfig limits) {
        require("sip.perSource.invitesPerSecond", limits.invitesPerSecond() >= 0,
                "must be >= 0 (0: no limit), was " + limits.invitesPerSecond());
        require("sip.perSource.requestsPerSecond", limits.requestsPerSecond() >= 0,
                "must be >= 0 (0: no limit), was " + limits.requestsPerSecond());
        require("sip.perSource.banSeconds", limits.banSeconds() >= 0,
                "must be >= 0 (0: never ban), was " + limits.banSeconds());
        cidrs("sip.perSource.exempt", limits.exempt());
    }

    private static void rtp(RtpConfig rtp) {
        PortRange range;
        try {
            range = PortRange.parse(rtp.portRange());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("rtp.portRange", e.getMessage());
        }
        require("rtp.portRange", range.evenPortCount() > 0, range + " holds no even port");
        require("rtp.ptime", rtp.ptime() == 20, "only 20 ms is supported, was " + rtp.ptime());
        require("rtp.codecs", !rtp.codecs().isEmpty(), "must name at least one of PCMU, PCMA");
        cidrs("rtp.allowedMediaNetworks", rtp.allowedMediaNetworks());
        for (String codec : rtp.codecs()) {
            require("rtp.codecs", CODECS.contains(codec), "'" + codec + "' is not one of PCMU, PCMA");
        }
        require("rtp.idle", Set.of("silence", "none").contains(rtp.idle()),
                "'" + rtp.idle() + "' is not one of silence, none");
        require("rtp.rtpTimeoutSeconds", rtp.rtpTimeoutSeconds() >= 0,
                "must be >= 0 (0 disables), was " + rtp.rtpTimeoutSeconds());
        require("rtp.realtimePriority", rtp.realtimePriority() >= 0 && rtp.realtimePriority() <= 99,
                "must be 0..99 (0 = normal scheduling), was " + rtp.realtimePriority());
    }

    private static void playout(PlayoutConfig playout) {
        require("playout.startMs", playout.startMs() >= 0 && playout.startMs() <= 1000,
                "must be 0..1000 ms, was " + playout.startMs());
        require("playout.maxMs", playout.maxMs() >= Math.max(20, playout.startMs()) && playout.maxMs() <= 5000,
                "must be 20..5000 ms and >= startMs, was " + playout.maxMs());
        require("playout.holdMs", playout.holdMs() >= 0 && playout.holdMs() <= 1000,
                "must be 0..1000 ms, was " + playout.holdMs());
    }

    private static void control(ControlConfig control) {
        require("control.connectTimeoutMs", control.connectTimeoutMs() > 0, "must be > 0");
        require("control.maxFrameBytes", control.maxFrameBytes() >= 1024, "must be >= 1024");
        require("control.maxBufferedChars", control.maxBufferedChars() > 0, "must be > 0");
    }

    private static void bargeIn(BargeInConfig bargeIn) {
        require("bargeIn.thresholdDbfs", bargeIn.thresholdDbfs() >= -70 && bargeIn.thresholdDbfs() <= 0,
                "must be -70..0 dBFS, was " + bargeIn.thresholdDbfs());
        require("bargeIn.minSpeechMs", bargeIn.minSpeechMs() >= 20 && bargeIn.minSpeechMs() <= 2000,
                "must be 20..2000 ms, was " + bargeIn.minSpeechMs());
        require("bargeIn.hangoverMs", bargeIn.hangoverMs() >= 0 && bargeIn.hangoverMs() <= 5000,
                "must be 0..5000 ms, was " + bargeIn.hangoverMs());
        require("bargeIn.mode", BARGE_IN_MODES.contains(bargeIn.mode()),
                "'" + bargeIn.mode() + "' is not one of energy, words, both");
        require("bargeIn.minTranscriptChars", between(bargeIn.minTranscriptChars(), 1, 200),
                "must be 1..200, was " + bargeIn.minTranscriptChars());
    }

    private static void stt(Map<String, SttVendorConfig> vendors) {
        vendors.forEach((name, v) -> scribe("stt." + name, v));
    }

    /** One ElevenLabs Scribe block, its problems under {@code key}: the file's {@code stt:} and the admin page's. */
    static void scribe(String key, SttVendorConfig v) {
        require(key + ".apiKey", v.apiKey() != null && !v.apiKey().isBlank(), "is required for provider elevenlabs");
        require(key + ".baseUrl", v.baseUrl().startsWith("http://") || v.baseUrl().startsWith("https://"),
                "'" + v.baseUrl() + "' must start with http:// or https://");
        require(key + ".modelId", !v.modelId().isBlank(), "must not be blank");
        require(key + ".commitStrategy", COMMIT_STRATEGIES.contains(v.commitStrategy()),
                "'" + v.commitStrategy() + "' is not one of vad, manual");
        require(key + ".vadSilenceThresholdSecs",
                v.vadSilenceThresholdSecs() > 0.3 && v.vadSilenceThresholdSecs() <= 3,
                "must be more than 0.3 and at most 3 s, was " + v.vadSilenceThresholdSecs());
        require(key + ".vadThreshold", v.vadThreshold() >= 0.1 && v.vadThreshold() <= 0.9,
                "must be 0.1..0.9, was " + v.vadThreshold());
        require(key + ".minSpeechDurationMs", between(v.minSpeechDurationMs(), 50, 2000),
                "must be 50..2000 ms, was " + v.minSpeechDurationMs());
        require(key + ".minSilenceDurationMs", between(v.minSilenceDurationMs(), 50, 2000),
                "must be 50..2000 ms, was " + v.minSilenceDurationMs());
        require(key + ".chunkMs", between(v.chunkMs(), 20, 100) && v.chunkMs() % 20 == 0,
                "must be 20..100 ms in steps of 20 (whole 20 ms frames), was " + v.chunkMs());
        require(key + ".connectTimeoutMs", v.connectTimeoutMs() > 0, "must be > 0");
        require(key + ".maxReconnects", between(v.maxReconnects(), 0, 10), "must be 0..10");
    }

    private static void tts(Map<String, TtsVendorConfig> vendors) {
        require("tts", !vendors.isEmpty(), "must define at least one vendor");
        vendors.forEach((name, vendor) -> {
            String key = "tts." + name;
            if (vendor.fallback() != null) {
                require(key + ".fallback", vendors.containsKey(vendor.fallback()),
                        "'" + vendor.fallback() + "' is not a tts vendor");
                require(key + ".fallback", !vendor.fallback().equals(name), "must not name itself");
            }
            if (vendor.isEmbedded()) {
                require(key + ".poolSize", vendor.poolSize() != null && vendor.poolSize() >= 1 && vendor.poolSize() <= 64,
                        "must be 1..64, was " + vendor.poolSize());
            } else {
                elevenLabs(key, vendor);
            }
        });
    }

    static void elevenLabs(String key, TtsVendorConfig v) {
        require(key + ".apiKey", v.apiKey() != null && !v.apiKey().isBlank(), "is required for provider elevenlabs");
        require(key + ".voiceId", v.voiceId() != null && !v.voiceId().isBlank(), "is required for provider elevenlabs");
        require(key + ".baseUrl", v.baseUrl().startsWith("http://") || v.baseUrl().startsWith("https://"),
                "'" + v.baseUrl() + "' must start with http:// or https://");
        require(key + ".streaming", STREAMING_MODES.contains(v.streaming()),
                "'" + v.streaming() + "' is not one of websocket, http, off");
        require(key + ".outputFormat", OUTPUT_FORMAT.matcher(v.outputFormat()).matches(),
                "'" + v.outputFormat() + "' is not a supported ElevenLabs output format");
        require(key + ".optimizeStreamingLatency", between(v.optimizeStreamingLatency(), 0, 4),
                "must be 0..4, was " + v.optimizeStreamingLatency());
        List<Integer> schedule = v.chunkLengthSchedule();
        for (int i = 0; i < schedule.size(); i++) {
            require(key + ".chunkLengthSchedule[" + i + "]", between(schedule.get(i), 50, 500),
                    "must be 50..500 characters, was " + schedule.get(i));
        }
        require(key + ".inactivityTimeoutSeconds", between(v.inactivityTimeoutSeconds(), 1, 180),
                "must be 1..180, was " + v.inactivityTimeoutSeconds());
        require(key + ".applyTextNormalization", NORMALIZATION.contains(v.applyTextNormalization()),
                "'" + v.applyTextNormalization() + "' is not one of auto, on, off");
        require(key + ".connectTimeoutMs", v.connectTimeoutMs() > 0, "must be > 0");
        require(key + ".stallTimeoutMs", v.stallTimeoutMs() > 0, "must be > 0");
        require(key + ".maxRetries", between(v.maxRetries(), 0, 10), "must be 0..10");
        VoiceSettings s = v.voiceSettings();
        if (s != null) {
            unit(key + ".voiceSettings.stability", s.stability());
            unit(key + ".voiceSettings.similarityBoost", s.similarityBoost());
            unit(key + ".voiceSettings.style", s.style());
            require(key + ".voiceSettings.speed", s.speed() == null || (s.speed() >= 0.7 && s.speed() <= 1.2),
                    "must be 0.7..1.2, was " + s.speed());
        }
    }

    private static void routes(List<RouteConfig> routes, Map<String, TtsVendorConfig> vendors,
                               Map<String, SttVendorConfig> sttVendors) {
        require("routes", !routes.isEmpty(), "must hold at least one route");
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String key = "routes[" + i + "]";
            require(key + ".match", route.match() != null, "is required");
            try {
                Pattern.compile(route.match());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(key + ".match", "'" + route.match() + "' is not a regular expression");
            }
            String bot = route.bot();
            require(key + ".bot", bot != null && (bot.startsWith("builtin:") || bot.startsWith("ws://")
                    || bot.startsWith("wss://")), "'" + bot + "' must be builtin:NAME, ws://… or wss://…");
            require(key + ".tts", route.tts() != null && vendors.containsKey(route.tts()),
                    "'" + route.tts() + "' is not a tts vendor");
            require(key + ".stt", route.stt() == null || sttVendors.containsKey(route.stt()),
                    "'" + route.stt() + "' is not an stt vendor");
            if (route.auth() != null) {
                require(key + ".auth.realm", route.auth().realm() != null && !route.auth().realm().isBlank(),
                        "is required with auth");
                require(key + ".auth.users", !route.auth().users().isEmpty(), "must name at least one user");
                route.auth().users().forEach((user, password) -> require(key + ".auth.users." + user,
                        password != null && !password.isEmpty(), "needs a password"));
            }
            for (int t = 0; t < route.transferTo().size(); t++) {
                try {
                    Pattern.compile(route.transferTo().get(t));
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(key + ".transferTo[" + t + "]",
                            "'" + route.transferTo().get(t) + "' is not a regular expression");
                }
            }
        }
    }

    private static void unit(String key, Double value) {
        require(key, value == null || (value >= 0 && value <= 1), "must be 0..1, was " + value);
    }

    private static boolean between(Integer value, int low, int high) {
        return value != null && value >= low && value <= high;
    }

    private static void port(String key, int port, int lowest) {
        require(key, port >= lowest && port <= 65535, "must be " + lowest + "..65535, was " + port);
    }

    private static void address(String key, String address) {
        require(key, address != null && !address.isBlank(), "is required");
        if (!Cidr.isLiteral(address)) {
            throw new ConfigException(key, "'" + address + "' is not an IP address");
        }
    }

    private static void require(String key, boolean condition, String problem) {
        if (!condition) {
            throw new ConfigException(key, problem);
        }
    }

}
