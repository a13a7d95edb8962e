package io.sayline.tools.load;

import io.sayline.core.Launcher;
import io.sayline.tools.bots.BotServer;
import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One soak, everything on 127.0.0.1: the ElevenLabs simulator and Sayline each in a process of their own (Sayline
 * with Netty's leak detector at {@code paranoid}: every buffer tracked, so a buffer never released is reported
 * once it is collected), the soak bot ({@link SoakBot}) in this one, SIPp keeping {@code --concurrent} calls of
 * {@code uac_soak.xml} cycling until {@code --calls-total} are placed, and {@link SoakMonitor} sampling. When SIPp
 * is done it waits for Sayline to let go of every call, takes a last sample, stops Sayline (which flushes its log),
 * looks for leak reports in that log, and judges ({@link SoakVerdict}).
 */
final class SoakRun {
    private static final String BOT_NAME = "soak";
    static final String LEAK_DETECTION = "-Dio.netty.leakDetection.level=paranoid";
    /** Netty's leak report: "LEAK: ByteBuf.release() was not called before it's garbage-collected." */
    private static final String LEAK_MARK = "LEAK:";
    /** The simulator as {@code load} runs it by default: 75 ms to first byte, 200 ms chunks, rtf 1.2. */
    private static final SimulatorProcess.Knobs SIMULATOR = new SimulatorProcess.Knobs(75, 200, 0, 1.2);
    /** Beyond the time the calls need: set-up, the last BYEs, a slow machine. */
    private static final long TIMEOUT_MARGIN_SECONDS = 120;
    /** How long Sayline may take to end its calls and free their ports after SIPp's last BYE. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(30);
    private static final long RELEASE_POLL_MS = 500;

    private final SoakCommand o;
    private final PrintStream out = System.out;

    SoakRun(SoakCommand options) {
        this.o = options;
    }

    /** Runs it, prints the verdict, writes the samples and (unless smoke) the report; returns the verdict. */
    SoakVerdict run() throws IOException, InterruptedException {
        String sipp = SippFiles.binary().orElseThrow(() -> new LoadRun.SetupException("SIPp is not installed "
                + "(apt-get install sip-tester)"));
        Path dir = o.run.outDir("soak");
        out.printf(Locale.ROOT, "soak: %d calls, %d at a time, over %.1f min (%.1f s each on average), %s; "
                + "output in %s%n", o.callsTotal, o.concurrent, o.minutes, o.callMs() / 1000.0, o.mode, dir);
        BotTally tally = new BotTally();
        Instant started = Instant.now();
        List<SoakSample> samples;
        SippCalls.Progress progress;
        int failed;
        boolean released;
        Path gatewayLog;
        SimulatorProcess.Started sim = SimulatorProcess.start(SIMULATOR, dir);
        try (ChildProcess simulator = sim.process();
             BotServer bot = BotServer.start("127.0.0.1", 0, BOT_NAME, () -> new SoakBot(tally));
             GatewayProcess gateway = GatewayProcess.start(o.run.jar, jvmOptions(), dir, bot.uri().toString(),
                     sim.baseUrl(), o.mode, LoadRun.rtpPorts(o.concurrent), maxCallsPerSecond());
             SippCalls calls = SippCalls.start(sipp, plan(), dir, SippFiles.freeUdpPort(), gateway.sipPort());
             SoakMonitor monitor = new SoakMonitor(gateway, calls, tally, Duration.ofSeconds(o.sampleSeconds),
                     Duration.ofSeconds(o.gcSeconds), dir, out)) {
            gatewayLog = gateway.log();
            monitor.start();
            if (calls.process().waitFor(TimeUnit.SECONDS.toMillis(timeoutSeconds())).isEmpty()) {
                out.println("soak: SIPp did not finish in time; stopping it");
            }
            progress = calls.progress();
            failed = calls.failed(progress);
            released = awaitReleased(new MetricsScrape(gateway.metricsUri()));
            monitor.close();
            monitor.sample();
            samples = monitor.samples();
        }
        // Sayline has stopped: its log is complete, leak reports from the last collections included
        SoakVerdict verdict = new SoakVerdict(o.callsTotal, progress.completed(), failed,
                highest(samples, "sayline_calls_failed_total"), leakReports(gatewayLog), firstLeak(gatewayLog),
                highest(samples, "sayline_log_dropped_total"), released, SoakVerdict.trends(samples));
        RunInfo info = new RunInfo(started, Duration.between(started, Instant.now()), dir, parameters(),
                RunInfo.machine(started));
        List<Path> files = new ArrayList<>(List.of(SoakReport.writeCsv(samples, dir)));
        if (!o.run.smoke) {
            files.add(SoakReport.writeHtml(info, verdict, samples, dir));
        }
        SoakReport.print(info, verdict, tally, files, out);
        return verdict;
    }

    /**
     * SIPp paces the calls at N per T ({@code -r N -rp T}) with at most C at a time ({@code -l}), each holding
     * for {@code -d} between its key presses, so that C calls are up most of the time and calls keep cycling.
     */
    private SippCalls.Plan plan() {
        return new SippCalls.Plan("uac_soak.xml", "soak", List.of("-m", Integer.toString(o.callsTotal),
                "-l", Integer.toString(o.concurrent), "-r", Integer.toString(o.callsTotal),
                "-rp", Long.toString(o.span().toMillis()), "-d", Long.toString(o.holdMs())), o.callsTotal,
                timeoutSeconds());
    }

    private long timeoutSeconds() {
        return o.span().toSeconds() + o.callMs() / 1000 + TIMEOUT_MARGIN_SECONDS;
    }

    private int maxCallsPerSecond() {
        double perSecond = o.callsTotal / (o.span().toMillis() / 1000.0);
        return (int) Math.max(LoadRun.DEFAULT_MAX_CALLS_PER_SECOND, Math.ceil(perSecond));
    }

    private String jvmOptions() {
        String chosen = o.run.jvmOpts != null ? o.run.jvmOpts : String.join(" ", Launcher.DEFAULT_JVM_OPTIONS);
        return chosen + " " + LEAK_DETECTION;
    }

    /** Polls until Sayline holds no call and no RTP port; false if it still does after {@link #RELEASE_WAIT}. */
    private static boolean awaitReleased(MetricsScrape metrics) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Double> now = metrics.read();
            if (now.getOrDefault("sayline_calls_active", -1.0) == 0
                    && now.getOrDefault("sayline_rtp_ports_in_use", -1.0) == 0) {
                return true;
            }
            Thread.sleep(RELEASE_POLL_MS);
        }
        return false;
    }

    /** A counter's highest value over the run: the last scrape may have failed. */
    private static long highest(List<SoakSample> samples, String counter) {
        return (long) samples.stream().mapToDouble(s -> s.value(counter)).filter(Double::isFinite).max().orElse(0);
    }

    private static long leakReports(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(LEAK_MARK)).count();
        }
    }

    private static String firstLeak(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(LEAK_MARK)).findFirst().orElse(null);
        }
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("calls", String.format(Locale.ROOT, "%d calls, %d at a time, over %.1f min, %.1f s each on average",
                o.callsTotal, o.concurrent, o.minutes, o.callMs() / 1000.0));
        p.put("callers", "SIPp uac_soak.xml: key 1 after 1.5 s, hold " + o.holdMs() + " ms, key 2 (RFC 4733), "
                + "hang-up after a random 0-2 s");
        p.put("bot", "talks all the time; clear on every " + SoakBot.CLEAR_EVERY + "rd utterance; says the next after "
                + "every cut");
        p.put("vendor", SIMULATOR.describe(o.mode));
        p.put("gateway", o.run.jar + ", JVM " + jvmOptions());
        p.put("sampling", "every " + o.sampleSeconds + " s; heap after a full GC (jcmd GC.run) every " + o.gcSeconds
                + " s");
        return p;
    }
}
