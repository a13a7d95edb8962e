package io.sayline.tools.load;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ElevenLabs simulator ({@code el-sim}) in a JVM of its own, so its CPU is the harness's and not the
 * gateway's, and its GC does not pause the load bot. It speaks tones rather than FreeTTS speech: steady
 * audio with no pauses of its own, so silence inside an utterance in the capture is Sayline's, and tones
 * cost the simulator little CPU at a thousand calls.
 */
final class SimulatorProcess {
    /** Two tones; 40 ms of audio per character, so an utterance of the bot's list lasts 2-2.5 s. */
    private static final List<String> SIGNAL = List.of("--signal", "tones:500,1000", "--ms-per-char", "40");
    private static final Pattern LISTENING = Pattern.compile("el-sim listening on (http://\\S+)");
    private static final long START_TIMEOUT_MS = 30_000;

    private SimulatorProcess() {
    }

    /** How the simulated vendor streams: first-byte delay, chunk size and jitter, real-time factor. */
    record Knobs(long firstByteMs, int chunkMs, long chunkJitterMs, double realTimeFactor) {

        /** The voice a run speaks with, for its summary and report: the simulator as {@code mode} drives it. */
        String describe(VendorMode mode) {
            return "ElevenLabs simulator, " + mode.name().toLowerCase(Locale.ROOT) + " (" + mode.ttsYaml()
                    + "), pcm_16000, first byte " + firstByteMs + " ms, " + chunkMs + " ms chunks, jitter 0-"
                    + chunkJitterMs + " ms, rtf " + realTimeFactor;
        }
    }

    /** Starts it on a free port with the run's knobs; returns once it listens. */
    static Started start(Knobs knobs, Path outDir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(GatewayProcess.javaBinary(), "-Xmx512m",
                "-XX:+UseParallelGC", "-cp", absoluteClassPath(), "io.sayline.tools.Tools",
                "el-sim", "--port", "0"));
        command.addAll(SIGNAL);
        command.addAll(List.of("--first-chunk-delay-ms", Long.toString(knobs.firstByteMs()), "--chunk-ms",
                Integer.toString(knobs.chunkMs()), "--jitter-ms", Long.toString(knobs.chunkJitterMs()), "--real-time-factor",
                Double.toString(knobs.realTimeFactor())));
        ChildProcess process = ChildProcess.start("el-sim", command, outDir, Map.of());
        try {
            return new Started(process, process.awaitLine(LISTENING, START_TIMEOUT_MS).group(1));
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    /** This JVM's class path (the tools jar, or the build's classes under test), valid from any directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /** The running simulator and its HTTP base URL. */
    record Started(ChildProcess process, String baseUrl) {
    }
}
