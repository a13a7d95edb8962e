package io.sayline.tools.load;

import io.sayline.tools.sipp.SippFiles;
import io.sayline.core.Launcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sayline under test, in its own process: {@code java -jar JAR} with a config that routes every call to the
 * load bot and to an {@code elevenlabs} tts block pointing at the simulator (and, to transcribe, an
 * {@code elevenlabs} stt block on the simulator's realtime speech-to-text). The JVM options go in
 * {@code SAYLINE_JVM_OPTS} so the launcher re-executes with them, plus a GC and safepoint log in
 * {@code OUT/gc.log}; the measured process is that re-executed child (the launcher only waits).
 */
final class GatewayProcess implements AutoCloseable {
    static final String GC_LOG = "gc.log";
    /** The {@code stt:} block's name with {@code --transcribe}. */
    static final String STT = "scribe";
    private static final long READY_TIMEOUT_MS = 60_000;

    private final ChildProcess launcher;
    private final ProcessHandle server;
    private final int sipPort;
    private final int httpPort;

    private GatewayProcess(ChildProcess launcher, ProcessHandle server, int sipPort, int httpPort) {
        this.launcher = launcher;
        this.server = server;
        this.sipPort = sipPort;
        this.httpPort = httpPort;
    }

    /**
     * @param rtpPorts Sayline's RTP port range, e.g. {@code 42000-45999}
     * @param maxCallsPerSecond admission limit; at least the rate the calls come at
     */
    static GatewayProcess start(Path jar, String jvmOpts, Path outDir, String botUrl, String simulatorUrl,
                                VendorMode mode, String rtpPorts, int maxCallsPerSecond)
            throws IOException, InterruptedException {
        return start(jar, jvmOpts, outDir, botUrl, simulatorUrl, mode, rtpPorts, maxCallsPerSecond, Extras.NONE);
    }

    /**
     * What a run adds to the gateway's config.
     *
     * @param transcribe    adds an {@code stt:} block {@value #STT} on the simulator's realtime speech-to-text and
     *                      names it in the route, for a bot that sends {@code transcribe}
     * @param playoutHoldMs {@code playout.holdMs}: how long the first audio of an utterance waits for late chunks
     */
    record Extras(boolean transcribe, int playoutHoldMs) {
        static final Extras NONE = new Extras(false, 0);
    }

    static GatewayProcess start(Path jar, String jvmOpts, Path outDir, String botUrl, String simulatorUrl,
                                VendorMode mode, String rtpPorts, int maxCallsPerSecond, Extras extras)
            throws IOException, InterruptedException {
        boolean transcribe = extras.transcribe();
        Path config = outDir.resolve("sayline.yaml");
        // SIPp's uac_pcmu.xml sends no RTP (and uac_speech.xml's speech may end before the call): without
        // rtpTimeoutSeconds 0, calls of 60 s or more would be ended by
        // Sayline's RTP timeout just before SIPp hangs up, and counted as failed.
        // SIPp places every call from 127.0.0.1: the per-source limits (sip.perSource) would refuse and then ban it
        // past their default rate, so that one address is exempt (a flood from 127.0.0.2 during a run is not).
        Files.writeString(config, "sip: { maxCallsPerSecond: " + maxCallsPerSecond
                + ", perSource: { exempt: [\"127.0.0.1\"] } }\n"
                + "rtp: { rtpTimeoutSeconds: 0 }\n"
                + "playout: { holdMs: " + extras.playoutHoldMs() + " }\n"
                + "routes:\n  - { match: \".*\", bot: \"" + botUrl + "\", tts: eleven"
                + (transcribe ? ", stt: " + STT : "") + " }\n"
                + "tts:\n  eleven: { provider: elevenlabs, apiKey: \"load-key\", voiceId: load, baseUrl: \""
                + simulatorUrl + "\", outputFormat: pcm_16000, " + mode.ttsYaml() + " }\n"
                // the callers pause 1.2 s between phrases (SpeechCapture.talkingFor): 0.8 s of silence ends each one
                + (transcribe ? "stt:\n  " + STT + ": { provider: elevenlabs, apiKey: \"load-key\", baseUrl: \""
                + simulatorUrl + "\", vadSilenceThresholdSecs: 0.8 }\n" : ""));
        int sipPort = SippFiles.freeTcpPort();
        int httpPort = SippFiles.freeTcpPort();
        String options = (jvmOpts != null ? jvmOpts : String.join(" ", Launcher.DEFAULT_JVM_OPTIONS))
                + " -Xlog:gc*,safepoint:file=" + outDir.resolve(GC_LOG);
        List<String> command = List.of(javaBinary(), "-jar", jar.toAbsolutePath().toString(), "--config",
                config.toString(), "--bind", "127.0.0.1", "--sip-port", Integer.toString(sipPort), "--http-port",
                Integer.toString(httpPort), "--rtp-ports", rtpPorts);
        ChildProcess launcher = ChildProcess.start("sayline", command, outDir,
                Map.of(Launcher.OPTIONS_VARIABLE, options));
        try {
            ProcessHandle server = awaitReady(launcher, httpPort);
            return new GatewayProcess(launcher, server, sipPort, httpPort);
        } catch (IOException | InterruptedException | RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    /** Waits for {@code /health/ready} (after the warm-up calls) and returns the server JVM. */
    private static ProcessHandle awaitReady(ChildProcess launcher, int httpPort)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IOException("Sayline exited before it was ready; see " + launcher.log());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    // the launcher re-executed itself: the server is its child (or itself with SAYLINE_JVM_OPTS=none)
                    return launcher.handle().children().findFirst().orElse(launcher.handle());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("Sayline was not ready within " + READY_TIMEOUT_MS + " ms; see " + launcher.log());
    }

    int sipPort() {
        return sipPort;
    }

    /** Sayline's {@code GET /metrics}. */
    URI metricsUri() {
        return URI.create("http://127.0.0.1:" + httpPort + "/metrics");
    }

    /** What the server wrote to stdout and stderr (its log). */
    Path log() {
        return launcher.log();
    }

    /** The process started: the launcher, with the server JVM under it. */
    ProcessHandle launcher() {
        return launcher.handle();
    }

    /** The JVM that serves the calls (for heap and threads). */
    ProcessHandle server() {
        return server;
    }

    /** SIGTERM: the server drains (its calls are over by then) and exits. */
    @Override
    public void close() {
        launcher.close();
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }
}
