package io.sayline.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a soak every {@code every}: the gateway JVM's open file descriptors, sockets and threads, all of its
 * {@code /metrics}, and every {@code gcEvery} its heap after a forced full collection ({@link HeapAfterGc}); prints
 * a progress line every {@link #PRINT_EVERY} samples.
 */
final class SoakMonitor implements AutoCloseable {
    private static final int PRINT_EVERY = 5;
    private static final double BYTES_PER_MB = 1 << 20;

    private final ProcessHandle gateway;
    private final MetricsScrape metrics;
    private final HeapAfterGc heap;
    private final SippCalls sipp;
    private final BotTally bot;
    private final Duration every;
    private final long gcEveryNanos;
    private final PrintStream out;
    private final List<SoakSample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-monitor");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();
    private long lastGcNanos;
    private double lastHeapMb = Double.NaN;

    SoakMonitor(GatewayProcess gateway, SippCalls sipp, BotTally bot, Duration every, Duration gcEvery, Path dir,
                PrintStream out) throws IOException {
        this.gateway = gateway.server();
        this.metrics = new MetricsScrape(gateway.metricsUri());
        this.heap = new HeapAfterGc(this.gateway.pid(), dir);
        this.sipp = sipp;
        this.bot = bot;
        this.every = every;
        this.gcEveryNanos = gcEvery.toNanos();
        this.lastGcNanos = startNanos - gcEveryNanos; // the first sample measures the heap
        this.out = out;
    }

    void start() {
        timer.scheduleAtFixedRate(this::sampleOnTimer, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleOnTimer() {
        try {
            sample();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed while sampling
        }
    }

    /** Takes a sample now; the last one, after the calls, always forces a collection. */
    synchronized SoakSample sample() throws InterruptedException {
        long now = System.nanoTime();
        Map<String, Double> values = new LinkedHashMap<>();
        OpenFiles files = OpenFiles.of(gateway.pid());
        values.put(SoakSample.FDS, (double) files.all());
        values.put(SoakSample.SOCKETS, (double) files.sockets());
        values.put(SoakSample.THREADS, (double) ProcCpu.threads(gateway.pid()));
        if (now - lastGcNanos >= gcEveryNanos || timer.isShutdown()) {
            lastHeapMb = heap.megabytes();
            values.put(SoakSample.HEAP_AFTER_GC_MB, lastHeapMb);
            lastGcNanos = now;
        }
        values.putAll(metrics.read());
        SippCalls.Progress progress = sipp.progress();
        SoakSample s = new SoakSample((now - startNanos) / 1e9, progress.completed(), progress.failedBySipp(),
                bot.liveCalls(), values);
        samples.add(s);
        if (samples.size() % PRINT_EVERY == 0) {
            print(s);
        }
        return s;
    }

    private void print(SoakSample s) {
        out.printf(Locale.ROOT, "%5.0f s  live %4d  done %6d  failed %3d  fds %5.0f  sockets %5.0f  threads %4.0f"
                        + "  heap after GC %6.1f MB  direct %6.1f MB  ports %4.0f%n", s.seconds(), s.liveCalls(), s.completed(),
                s.failed(), s.value(SoakSample.FDS), s.value(SoakSample.SOCKETS), s.value(SoakSample.THREADS), lastHeapMb,
                s.value("sayline_direct_memory_bytes") / BYTES_PER_MB, s.value("sayline_rtp_ports_in_use"));
    }

    synchronized List<SoakSample> samples() {
        return List.copyOf(samples);
    }

    /** Stops the timer; {@link #sample()} still works, for the last sample. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
