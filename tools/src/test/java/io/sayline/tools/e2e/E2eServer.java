package io.sayline.tools.e2e;

import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Sayline server on loopback with a YAML config file, for the protocol v1 end-to-end tests. Calls to a
 * user starting with {@code emb} use the embedded engine (no alignment); every other call uses the
 * ElevenLabs simulator over a multi-context WebSocket (alignment), when one is given.
 */
final class E2eServer implements AutoCloseable {
    private final SaylineServer server;

    private E2eServer(SaylineServer server) {
        this.server = server;
    }

    /**
     * Closes a test class's fixtures in the order given (the server before what it talks to), skipping
     * the ones that never started.
     */
    static void closeAll(AutoCloseable... fixtures) throws Exception {
        for (AutoCloseable fixture : fixtures) {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    static E2eServer start(Path dir, String rtpPorts, String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "sayline-", ".yaml");
        Files.writeString(file, yaml);
        return new E2eServer(SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0",
                "--http-port", "0", "--rtp-ports", rtpPorts, "--config", file.toString()).load(Map.of())));
    }

    /**
     * Routes every call to {@code botUrl}: users {@code emb*} speak with the embedded engine, the others with
     * the simulator (or the embedded engine too when {@code sim} is null). {@code extra} is appended verbatim
     * (top-level YAML blocks such as {@code rtp:} or {@code control:}).
     */
    /** The transfer targets the catch-all route allows: agents on loopback (routes[].transferTo). */
    static final String TRANSFER_TARGETS = "sip:agent@127\\\\.0\\\\.0\\\\.1(:\\\\d+)?";

    static String yaml(ElevenLabsSimulator sim, String botUrl, String extra) {
        return yaml(sim, botUrl, null, extra);
    }

    /** As {@link #yaml(ElevenLabsSimulator, String, String)}; users {@code raw*} go to {@code rawBotUrl}. */
    static String yaml(ElevenLabsSimulator sim, String botUrl, String rawBotUrl, String extra) {
        String vendor = sim == null ? "embedded" : "eleven";
        StringBuilder yaml = new StringBuilder();
        yaml.append("tts:\n  embedded: { provider: embedded }\n");
        if (sim != null) {
            yaml.append("  eleven: { provider: elevenlabs, apiKey: k, voiceId: v, baseUrl: \"").append(sim.httpBase())
                    .append("\", streaming: websocket, multiContext: true, outputFormat: pcm_16000, fallback: embedded }\n");
        }
        yaml.append("routes:\n");
        if (rawBotUrl != null) {
            yaml.append("  - { match: \"raw.*\", bot: \"").append(rawBotUrl).append("\", tts: ").append(vendor).append(" }\n");
        }
        yaml
                .append("  - { match: \"emb.*\", bot: \"").append(botUrl).append("\", tts: embedded }\n")
                .append("  - { match: \".*\", bot: \"").append(botUrl).append("\", tts: ").append(vendor)
                .append(", transferTo: [\"").append(TRANSFER_TARGETS).append("\"] }\n");
        yaml.append(extra);
        return yaml.toString();
    }

    SaylineServer server() {
        return server;
    }

    int sipPort() {
        return server.sipPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
