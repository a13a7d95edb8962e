package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's live heap: {@code jcmd PID -f FILE} runs {@code GC.run} (a full collection: Sayline runs
 * ParallelGC, whose young generation of 512 MB a short soak may never fill, so survivors and old generation
 * alone would say nothing) and then {@code GC.heap_info}, in one attach. What is used right after a full
 * collection is what the process holds on to; the sizes are summed from the lines
 * {@code NAME total 44032K, used 2241K} (one per generation with ParallelGC, one for G1's whole heap).
 */
final class HeapAfterGc {
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final long JCMD_TIMEOUT_SECONDS = 60;
    private static final double KB_PER_MB = 1024;

    private final long pid;
    private final Path commands;
    private final Path output;

    /** @param dir where the command file and jcmd's last output are kept */
    HeapAfterGc(long pid, Path dir) throws IOException {
        this.pid = pid;
        this.commands = Files.writeString(dir.resolve("jcmd-heap-after-gc.txt"), "GC.run\nGC.heap_info\n");
        this.output = dir.resolve("jcmd.log");
    }

    /** Collects and measures now; NaN if jcmd failed or did not answer in time. */
    double megabytes() throws InterruptedException {
        try {
            Process jcmd = new ProcessBuilder(List.of(jcmd(), Long.toString(pid), "-f", commands.toString()))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!jcmd.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                return Double.NaN;
            }
            return usedKb(Files.readString(output)) / KB_PER_MB;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The used sizes in {@code GC.heap_info}'s output, summed; NaN when it has none. */
    static double usedKb(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        double kb = 0;
        boolean any = false;
        while (m.find()) {
            kb += Double.parseDouble(m.group(1));
            any = true;
        }
        return any ? kb : Double.NaN;
    }

    private static String jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }
}
