package io.sayline.tools.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples the run once a second ({@link Sample}) and prints a progress line every {@link #PRINT_EVERY}
 * samples. The gateway's CPU and the harness's are kept apart: on one machine the harness competes with the
 * gateway for the same cores, and a reader must see how much of the machine it took.
 */
final class ResourceMonitor implements AutoCloseable {
    private static final int PRINT_EVERY = 2;
    private static final double KB_PER_MB = 1024;

    private final ProcessHandle gateway;
    private final Supplier<List<ProcessHandle>> gatewayProcesses;
    private final Supplier<List<ProcessHandle>> harness;
    private final Path jstatLog;
    private final BotTally bot;
    private final SippCalls sipp;
    private final PrintStream out;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-monitor");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private double lastGatewayCpu;
    private double lastHarnessCpu;

    /**
     * @param gateway the server JVM (threads)
     * @param gatewayProcesses the gateway's processes (CPU): the server JVM and its launcher
     * @param harness the harness's processes, asked each second (the capture and SIPp come and go)
     * @param jstatLog where {@code jstat -gc PID 1000} writes the gateway's heap
     */
    ResourceMonitor(ProcessHandle gateway, Supplier<List<ProcessHandle>> gatewayProcesses,
                    Supplier<List<ProcessHandle>> harness, Path jstatLog, BotTally bot, SippCalls sipp,
                    PrintStream out) {
        this.gateway = gateway;
        this.gatewayProcesses = gatewayProcesses;
        this.harness = harness;
        this.jstatLog = jstatLog;
        this.bot = bot;
        this.sipp = sipp;
        this.out = out;
        lastGatewayCpu = ProcCpu.seconds(gatewayProcesses.get());
        lastHarnessCpu = ProcCpu.seconds(harness.get());
    }

    void start() {
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Takes a sample now; also called once after SIPp is done, so the charts end with the calls completed. */
    synchronized void sample() {
        long now = System.nanoTime();
        double elapsed = (now - lastNanos) / 1e9;
        double gatewayCpu = ProcCpu.seconds(gatewayProcesses.get());
        double harnessCpu = ProcCpu.seconds(harness.get());
        SippCalls.Progress progress = sipp.progress();
        Map<String, String> gc = LastRow.read(jstatLog, "\\s+", "EU");
        double retainedKb = LastRow.number(gc, "S0U") + LastRow.number(gc, "S1U") + LastRow.number(gc, "OU");
        double heapKb = retainedKb + LastRow.number(gc, "EU");
        Sample s = new Sample((now - startNanos) / 1e9, bot.liveCalls(), progress.completed(), progress.failedBySipp(),
                bot.utterancesSaid(), percentOfMachine(gatewayCpu - lastGatewayCpu, elapsed),
                percentOfMachine(harnessCpu - lastHarnessCpu, elapsed), megabytes(gc, heapKb), megabytes(gc, retainedKb),
                ProcCpu.threads(gateway.pid()));
        lastNanos = now;
        lastGatewayCpu = gatewayCpu;
        lastHarnessCpu = harnessCpu;
        samples.add(s);
        if (samples.size() % PRINT_EVERY == 0) {
            out.printf(Locale.ROOT, "%5.0f s  live %4d  done %4d  failed %3d  utterances %6d  gateway CPU %5.1f %%"
                            + "  heap %6.0f MB  harness CPU %5.1f %%%n", s.seconds(), s.liveCalls(), s.completed(),
                    s.failed(), s.utterances(), s.gatewayCpu(), s.heapMb(), s.harnessCpu());
        }
    }

    private static double megabytes(Map<String, String> jstatRow, double kb) {
        return jstatRow.isEmpty() ? Double.NaN : kb / KB_PER_MB;
    }

    private double percentOfMachine(double cpuSeconds, double elapsedSeconds) {
        // a process that ended (SIPp at the end) leaves the sum: never report that as negative CPU
        return Math.max(0, 100 * cpuSeconds / (elapsedSeconds * cores));
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
