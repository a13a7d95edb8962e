package io.sayline.tools.latency;

import io.sayline.config.CommandLine;
import io.sayline.core.server.SaylineServer;
import io.sayline.tools.bots.BotServer;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * Measures Sayline's latency figures on real calls, all on loopback: the ElevenLabs simulator (first chunk
 * after 75 ms), Sayline with the ElevenLabs vendor pointing at it, a scripted bot that says one sentence per
 * call, and SIPp placing the calls. Prints p50/p95/p99/max of the {@code speech.done} latency the bot
 * received: ttfaMs, vendorFirstByteMs and overheadMs (target in docs/architecture.md, "Performance targets":
 * overhead p50 ≤ 12 ms, p99 ≤ 25 ms).
 *
 * <pre>
 *   java -jar tools/target/sayline-tools.jar latency [--mode multi|single|http|timestamps] [--calls 20]
 *        [--concurrent 2] [--warmup 2] [--first-chunk-delay-ms 75] [--output-format pcm_16000]
 *        [--rtp-ports 36800-36999] [--chunk-ms 100] [--rtf 0] [--playout-start-ms 40] [--speech]
 * </pre>
 * {@code --chunk-ms} and {@code --rtf} are the simulator's audio per chunk and pacing (0 = as fast as it can):
 * small real-time chunks show what playout's start threshold costs.
 * The first {@code --warmup} calls (class loading, JIT, first connections) are made but not counted.
 */
public final class LatencyProbe {
    private static final String USAGE = "usage: latency [--mode multi|single|http|timestamps] [--calls 20] "
            + "[--concurrent 2] [--warmup 2] [--first-chunk-delay-ms 75] [--output-format pcm_16000] "
            + "[--rtp-ports 36800-36999] [--chunk-ms 100] [--rtf 0] [--playout-start-ms 40] [--speech]";
    private static final String SENTENCE = "Thanks for calling. How can I help you today?";
    private static final String BOT_NAME = "probe";
    /** Tone audio per character of text: the sentence lasts ≈ 1.8 s. */
    private static final double MS_PER_CHAR = 40;
    /** How long SIPp stays on the line past the sentence (FreeTTS speaks slower than the tones). */
    private static final long HOLD_MARGIN_MS = 2_500;
    private static final long SIPP_TIMEOUT_SECONDS = 600;

    private LatencyProbe() {
    }

    /** The probe's settings: every flag with its default, overridden from the command line. */
    record Options(Map<String, String> flags) {
        private static final Map<String, String> DEFAULTS = Map.of("mode", "multi", "calls", "20",
                "concurrent", "2", "warmup", "2", "first-chunk-delay-ms", "75", "output-format", "pcm_16000",
                "rtp-ports", "36800-36999", "chunk-ms", "100", "rtf", "0", "playout-start-ms", "");

        static Options parse(String[] args) {
            Map<String, String> flags = new java.util.HashMap<>(DEFAULTS);
            flags.put("speech", "false");
            for (int i = 0; i < args.length; i++) {
                String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
                if ("speech".equals(name)) {
                    flags.put(name, "true");
                    continue;
                }
                if (!DEFAULTS.containsKey(name)) {
                    throw new IllegalArgumentException("unknown flag " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                flags.put(name, args[++i]);
            }
            Options o = new Options(Map.copyOf(flags));
            if (!List.of("multi", "single", "http", "timestamps").contains(o.mode())) {
                throw new IllegalArgumentException("--mode must be multi, single, http or timestamps, was " + o.mode());
            }
            if (o.calls() < 1 || o.concurrent() < 1 || o.warmup() < 0 || o.chunkMs() < 1) {
                throw new IllegalArgumentException("--calls, --concurrent and --chunk-ms must be >= 1, --warmup >= 0");
            }
            return o;
        }

        String mode() { return flags.get("mode"); }
        int calls() { return Integer.parseInt(flags.get("calls")); }
        int concurrent() { return Integer.parseInt(flags.get("concurrent")); }
        int warmup() { return Integer.parseInt(flags.get("warmup")); }
        long firstChunkDelayMs() { return Long.parseLong(flags.get("first-chunk-delay-ms")); }
        String outputFormat() { return flags.get("output-format"); }
        String rtpPorts() { return flags.get("rtp-ports"); }
        boolean speech() { return Boolean.parseBoolean(flags.get("speech")); }
        int chunkMs() { return Integer.parseInt(flags.get("chunk-ms")); }
        double realTimeFactor() { return Double.parseDouble(flags.get("rtf")); }

        /** A {@code playout:} override for the config file, or "" for Sayline's default. */
        String playoutYaml() {
            String startMs = flags.get("playout-start-ms");
            return startMs.isEmpty() ? "" : "playout: { startMs: " + Integer.parseInt(startMs) + " }\n";
        }

        /** The tts block's own keys for this mode. */
        String vendorYaml() {
            String streaming = switch (mode()) {
                case "multi" -> "streaming: websocket, multiContext: true";
                case "single" -> "streaming: websocket, multiContext: false";
                case "http" -> "streaming: http, alignment: false";
                default -> "streaming: http, alignment: true";
            };
            return streaming + ", outputFormat: " + outputFormat();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) { // NumberFormatException too
            System.err.println("latency: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String sipp = SippFiles.binary().orElse(null);
        if (sipp == null) {
            System.err.println("latency: SIPp is not installed (apt-get install sip-tester)");
            System.exit(2);
            return;
        }
        // Per-call INFO lines would bury the table; warnings and errors still show.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        List<ProbeBot.Outcome> outcomes = run(options, sipp);
        print(options, outcomes.subList(Math.min(options.warmup(), outcomes.size()), outcomes.size()));
        System.exit(0); // FreeTTS leaves non-daemon threads behind
    }

    static List<ProbeBot.Outcome> run(Options o, String sipp) throws Exception {
        BlockingQueue<ProbeBot.Outcome> outcomes = new LinkedBlockingQueue<>();
        Path dir = Files.createTempDirectory("sayline-latency");
        ElevenLabsSimulator.Builder simulator = ElevenLabsSimulator.builder().port(0).msPerChar(MS_PER_CHAR)
                .firstChunkDelayMs(o.firstChunkDelayMs()).chunkMs(o.chunkMs()).realTimeFactor(o.realTimeFactor());
        if (!o.speech()) {
            simulator.signal("tones:500,1000,2000");
        }
        try (ElevenLabsSimulator sim = simulator.build().start();
             BotServer botServer = BotServer.start("127.0.0.1", 0, BOT_NAME, () -> new ProbeBot(SENTENCE, outcomes))) {
            String botUrl = botServer.uri().toString();
            Path config = dir.resolve("sayline.yaml");
            Files.writeString(config, "routes:\n  - { match: \".*\", bot: \"" + botUrl + "\", tts: eleven }\n"
                    + "tts:\n  eleven: { provider: elevenlabs, apiKey: \"probe-key\", voiceId: probe, baseUrl: \""
                    + sim.httpBase() + "\", " + o.vendorYaml() + " }\n" + o.playoutYaml());
            SaylineServer server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0",
                    "--http-port", "0", "--rtp-ports", o.rtpPorts(), "--config", config.toString()).load(Map.of()));
            try {
                int total = o.warmup() + o.calls();
                long holdMs = (long) (SENTENCE.length() * MS_PER_CHAR) + HOLD_MARGIN_MS;
                Process process = startSipp(sipp, dir, total, o.concurrent(), holdMs, server.sipPort());
                List<ProbeBot.Outcome> got = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SIPP_TIMEOUT_SECONDS);
                while (got.size() < total && System.nanoTime() < deadline) {
                    ProbeBot.Outcome outcome = outcomes.poll(1, TimeUnit.SECONDS);
                    if (outcome != null) {
                        got.add(outcome);
                    } else if (!process.isAlive()) {
                        break;
                    }
                }
                if (!process.waitFor(holdMs + 10_000, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
                if (got.size() < total) {
                    System.err.println("latency: only " + got.size() + " of " + total
                            + " calls reported speech.done; SIPp's output is in " + dir.resolve("sipp.out"));
                }
                return got;
            } finally {
                server.close();
            }
        }
    }

    private static Process startSipp(String sipp, Path dir, int calls, int concurrent, long holdMs, int sipPort)
            throws IOException {
        Path scenario = SippFiles.scenario("uac_pcmu.xml", dir);
        List<String> command = List.of(sipp, "-sf", scenario.toString(), "-s", "probe",
                "-m", String.valueOf(calls), "-l", String.valueOf(concurrent), "-r", String.valueOf(concurrent),
                "-d", String.valueOf(holdMs), "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()),
                "-mi", "127.0.0.1", "-mp", String.valueOf(SippFiles.freeUdpPort()), "-nostdin",
                "-timeout", SIPP_TIMEOUT_SECONDS + "s", "-timeout_error", "127.0.0.1:" + sipPort);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
    }

    private static void print(Options o, List<ProbeBot.Outcome> outcomes) {
        List<ProbeBot.Outcome> clean = outcomes.stream().filter(x -> x.error() == null).toList();
        System.out.printf("mode %s (%s), %d calls (%d concurrent, %d warm-up not counted), simulator first chunk "
                        + "%d ms, %d ms chunks, rtf %s, %s%n", o.mode(), o.vendorYaml(), outcomes.size(),
                o.concurrent(), o.warmup(), o.firstChunkDelayMs(), o.chunkMs(), o.realTimeFactor(),
                o.speech() ? "FreeTTS speech" : "tones");
        if (!o.playoutYaml().isEmpty()) {
            System.out.print("config " + o.playoutYaml());
        }
        if (clean.size() < outcomes.size()) {
            System.out.println((outcomes.size() - clean.size()) + " calls had a tts.error and are left out: "
                    + outcomes.stream().filter(x -> x.error() != null).map(ProbeBot.Outcome::error).toList());
        }
        System.out.println(Percentiles.header());
        System.out.println(figure(clean, "ttfaMs", l -> l.ttfaMs()));
        System.out.println(figure(clean, "vendorFirstByteMs", l -> l.vendorFirstByteMs()));
        System.out.println(figure(clean, "overheadMs", l -> l.overheadMs()));
        System.out.println(figure(clean, "ttfa-firstByte", l -> l.ttfaMs() - l.vendorFirstByteMs()));
        System.out.println(figure(clean, "underrunMs", l -> l.underrunMs()));
        System.out.println("target (docs/architecture.md): overheadMs p50 <= 12, p99 <= 25");
    }

    private static String figure(List<ProbeBot.Outcome> outcomes, String name,
                                 ToLongFunction<io.sayline.core.control.protocol.Event.Latency> value) {
        return Percentiles.of(outcomes.stream().map(x -> value.applyAsLong(x.latency())).toList()).row(name);
    }
}
