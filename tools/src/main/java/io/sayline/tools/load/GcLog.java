package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses in the server's {@code -Xlog:gc*,safepoint} log: GC pauses (every collector
 * logs them as {@code GC(N) Pause ... 12.345ms}) and safepoints ({@code Total: N ns}), each with the JVM uptime
 * it happened at, so that only those during the calls are counted.
 */
final class GcLog {
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
    private static final Pattern GC_PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+(?:\\.\\d+)?)ms$");
    /** The heap before, after and its size in a pause line: {@code 300M->20M(981M)}. */
    private static final Pattern HEAP_AFTER = Pattern.compile("\\d+M->(\\d+)M\\(\\d+M\\)");
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \".*Total: (\\d+) ns");

    /** One pause: when (JVM uptime, s), how long (ms), and the heap in use after it (MB; NaN if not logged). */
    record Pause(double uptimeSeconds, double ms, double heapAfterMb) {
    }

    /** The pauses of both kinds, each in log order. */
    record Pauses(List<Pause> gc, List<Pause> safepoints) {
        Pauses since(double uptimeSeconds) {
            return new Pauses(after(gc, uptimeSeconds), after(safepoints, uptimeSeconds));
        }

        private static List<Pause> after(List<Pause> pauses, double uptimeSeconds) {
            return pauses.stream().filter(p -> p.uptimeSeconds() >= uptimeSeconds).toList();
        }

        static double max(List<Pause> pauses) {
            return pauses.stream().mapToDouble(Pause::ms).max().orElse(0);
        }

        /** The most heap that survived a collection: the live set at its largest; NaN without one. */
        double maxHeapAfterGcMb() {
            return gc.stream().mapToDouble(Pause::heapAfterMb).filter(Double::isFinite).max().orElse(Double.NaN);
        }
    }

    private GcLog() {
    }

    static Pauses read(Path log) throws IOException {
        List<Pause> gc = new ArrayList<>();
        List<Pause> safepoints = new ArrayList<>();
        if (!Files.exists(log)) {
            return new Pauses(gc, safepoints);
        }
        for (String line : Files.readAllLines(log)) {
            Matcher uptime = UPTIME.matcher(line);
            if (!uptime.find()) {
                continue;
            }
            double at = Double.parseDouble(uptime.group(1));
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                Matcher heap = HEAP_AFTER.matcher(line);
                gc.add(new Pause(at, Double.parseDouble(m.group(1)),
                        heap.find() ? Double.parseDouble(heap.group(1)) : Double.NaN));
            } else if ((m = SAFEPOINT.matcher(line)).find()) {
                safepoints.add(new Pause(at, Long.parseLong(m.group(1)) / 1e6, Double.NaN));
            }
        }
        return new Pauses(gc, safepoints);
    }
}
