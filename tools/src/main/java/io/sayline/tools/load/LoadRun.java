package io.sayline.tools.load;

import io.sayline.core.control.protocol.Command;
import io.sayline.tools.analyse.RtpAnalyser;
import io.sayline.tools.analyse.StreamStats;
import io.sayline.tools.bots.BotServer;
import io.sayline.tools.latency.Percentiles;
import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One load run, everything on 127.0.0.1: the ElevenLabs simulator and Sayline each in a process of their own,
 * the load bot ({@link TalkingBot}) in this one, a packet capture on the callers' media port, SIPp placing the
 * calls, and a monitor sampling CPU, heap and threads. When SIPp is done it stops them all, reads the capture
 * with the RTP analyser and the GC log, prints the summary and writes the report. With {@code --listen} or
 * {@code --transcribe} the callers speak, the bot hears them, and Sayline's caller-side counters are read from
 * {@code /metrics} before and after the calls ({@link CallerFigures}).
 */
final class LoadRun {
    /**
     * The bot's event loops, one per core: on one, a capture of a 3,000-call run at 200/s showed it answering
     * Sayline's WebSocket upgrades 4.6 s (p50) after they came, and calls past the 3 s connect timeout lost their bot.
     * Each connection's {@link TalkingBot} stays on one loop; the tally it writes is thread-safe.
     */
    private static final int BOT_LOOPS = Runtime.getRuntime().availableProcessors();
    private static final String BOT_NAME = "load";
    private static final Duration BOT_WARM_UP_DEADLINE = Duration.ofSeconds(30);
    /** Streams with fewer packets are stray matches, as in rtp-analyse. */
    private static final int MIN_PACKETS = 5;
    private static final int RTP_PORT_BASE = 42000;
    /** Sayline's default admission limit; raised when the calls come faster. */
    static final int DEFAULT_MAX_CALLS_PER_SECOND = 200;
    /** The gateway's count of the times a call loop running late parked to let other threads run. */

    private final LoadCommand o;
    private final PrintStream out = System.out;

    LoadRun(LoadCommand options) {
        this.o = options;
    }

    /** {@link BotWarmUp}, and a line saying how it went. */
    private void warmBot() throws InterruptedException {
        long start = System.nanoTime();
        int sessions = BotWarmUp.run(o.tokens, BOT_WARM_UP_DEADLINE);
        out.println("load: bot warmed up: " + sessions + " of " + BotWarmUp.SESSIONS + " sessions in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    private void warmSimulator(String baseUrl) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int whole = SimulatorWarmUp.run(baseUrl);
        out.println("load: simulator warmed up: " + whole + " of " + SimulatorWarmUp.REQUESTS + " utterances in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    /** Runs it, prints the summary, writes the report (unless smoke) and returns the figures. */
    LoadFigures run() throws IOException, InterruptedException {
        String sipp = SippFiles.binary().orElseThrow(() -> new SetupException("SIPp is not installed "
                + "(apt-get install sip-tester)"));
        String captureTool = PacketCapture.tool().orElseThrow(() -> new SetupException("no capture tool: "
                + "apt-get install tshark (or tcpdump)"));
        Path dir = o.run.outDir("load");
        out.println("load: " + o.calls + " calls at " + o.rate + "/s for " + o.durationSeconds + " s, " + o.mode
                + (o.tokens ? " with tokens" : "") + (o.listen != null ? ", listen " + o.listen : "")
                + (o.transcribe ? ", transcribe" : "") + "; output in " + dir);
        BotTally tally = new BotTally();
        CaptureFile captureFile = CaptureFile.choose(dir, o.calls, o.rate, o.durationSeconds);
        List<ChildProcess> harness = new ArrayList<>();
        SimulatorProcess.Started sim = SimulatorProcess.start(o.simulatorKnobs(), dir);
        harness.add(sim.process());
        Command.Listen listen = o.listenCommand();
        warmSimulator(sim.baseUrl());
        warmBot();
        try (BotServer bot = BotServer.start("127.0.0.1", 0, BOT_NAME,
                () -> new TalkingBot(tally, o.tokens, listen, o.transcribe), BOT_LOOPS);
             LoopLag botLag = LoopLag.watch(bot.loops());
             GatewayProcess gateway = GatewayProcess.start(o.run.jar, o.run.jvmOpts, dir, bot.uri().toString(), sim.baseUrl(),
                     o.mode, rtpPorts(o.calls), Math.max(DEFAULT_MAX_CALLS_PER_SECOND, o.rate),
                     new GatewayProcess.Extras(o.transcribe, o.playoutHoldMs))) {
            harness.add(ChildProcess.start("jstat", List.of(jstat(), "-gc", Long.toString(gateway.server().pid()),
                    "1000"), dir, Map.of()));
            int mediaPort = SippFiles.freeUdpPort();
            PacketCapture capture = PacketCapture.start(captureTool, captureFile, dir, mediaPort);
            harness.add(capture.process());
            MetricsScrape metrics = new MetricsScrape(gateway.metricsUri());
            Map<String, Double> countersBefore = o.hearsCaller() ? metrics.read() : Map.of();
            double callsStartUptime = uptimeSeconds(gateway.server());
            SippCalls calls = SippCalls.start(sipp, o, dir, mediaPort, gateway.sipPort());
            harness.add(calls.process());
            Instant started = Instant.now();
            List<Sample> samples;
            Runnable stopDiscard = discardCodeLater(gateway.server().pid(), dir);
            try (ResourceMonitor monitor = new ResourceMonitor(gateway.server(), () -> ProcCpu.tree(gateway.launcher()),
                    () -> harnessProcesses(harness), dir.resolve("jstat.log"), tally, calls, out)) {
                samples = watchUntilDone(calls, monitor);
            } finally {
                stopDiscard.run();
            }
            Map<String, Double> countersAfter = metrics.read();
            Percentiles simulatorFirstByte = SimulatorFirstBytes.read(sim.baseUrl());
            SippCalls.Progress last = calls.progress();
            calls.close();
            CallerFigures caller = o.hearsCaller()
                    ? CallerFigures.of(o, tally.callerHeard(), countersBefore, countersAfter) : null;
            Path pcap = capture.stop();
            out.println("load: analysing " + pcap + " (" + Files.size(pcap) / (1 << 20) + " MB)");
            List<StreamStats> streams = RtpAnalyser.streams(pcap, MIN_PACKETS);
            GcLog.Pauses pauses = GcLog.read(dir.resolve(GatewayProcess.GC_LOG)).since(callsStartUptime);
            LoadFigures figures = LoadFigures.of(o, samples, tally, calls.failed(last), last.completed(), streams,
                    capture.dropped(), pauses, countersAfter, botLag.maxLateMs(),
                    botLag.worstSecondsAfter(started), caller, simulatorFirstByte);
            report(RunInfo.of(o, started, Duration.between(started, Instant.now()), dir,
                            captureTool + " on lo, " + captureFile.describe()), figures,
                    samples, streams, tally);
            return figures;
        } finally {
            harness.forEach(ChildProcess::close);
            captureFile.finish(o.keepCapture, dir);
        }
    }

    /**
     * With {@code --deopt-at}: a thread that throws away the gateway's compiled media code that many seconds from now
     * and says so; what is returned stops it if that time has not come. Without: nothing.
     */
    private Runnable discardCodeLater(long gatewayPid, Path dir) {
        if (o.deoptAtSeconds == 0) {
            return () -> { };
        }
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(o.deoptAtSeconds));
                long tookMs = CodeDiscard.discard(gatewayPid, CodeDiscard.MEDIA_CLASSES, dir);
                out.printf("load: %d s: the gateway's compiled code of %s* thrown away (attach and retransform: %d ms)%n",
                        o.deoptAtSeconds, CodeDiscard.MEDIA_CLASSES, tookMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                out.println("load: --deopt-at: " + e.getMessage());
            }
        }, "deopt-at");
        thread.setDaemon(true);
        thread.start();
        return thread::interrupt;
    }

    /** Samples (and prints progress) until SIPp has placed and ended every call, or its time is up. */
    private List<Sample> watchUntilDone(SippCalls calls, ResourceMonitor monitor) throws InterruptedException {
        monitor.start();
        if (calls.process().waitFor(TimeUnit.SECONDS.toMillis(SippCalls.timeoutSeconds(o))).isEmpty()) {
            out.println("load: SIPp did not finish in time; stopping it");
        }
        monitor.sample();
        return monitor.samples();
    }

    private void report(RunInfo info, LoadFigures figures, List<Sample> samples, List<StreamStats> streams,
                        BotTally tally) throws IOException {
        TextSummary.print(info, figures, out);
        if (!o.run.smoke) {
            out.println("report: " + HtmlReport.write(info, figures, samples, streams, tally, info.outDir()));
        }
    }

    /** This process (bot, monitor) and the harness's children; not the gateway, which is measured apart. */
    private static List<ProcessHandle> harnessProcesses(List<ChildProcess> children) {
        return Stream.concat(Stream.of(ProcessHandle.current()),
                children.stream().flatMap(c -> ProcCpu.tree(c.handle()).stream())).toList();
    }

    /** Room for every call's RTP port, and then some: ports are not reused at once. */
    static String rtpPorts(int calls) {
        return RTP_PORT_BASE + "-" + (RTP_PORT_BASE + Math.max(1000, 4 * calls) - 1);
    }

    /** The server JVM's uptime now, to keep only the GC pauses that happened during the calls. */
    private static double uptimeSeconds(ProcessHandle server) {
        return server.info().startInstant().map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0)
                .orElse(0.0);
    }

    private static String jstat() {
        return Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
    }

    /** Something the run needs is missing: a usage-class error (exit 2), not a failed run. */
    static final class SetupException extends RuntimeException {
        SetupException(String message) {
            super(message);
        }
    }
}
