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
 * it happened at, so that only those during the calls are counted; and, from the heap before and after each
 * collection, what the server allocated between two of them.
 */
final class GcLog {
    private static final Pattern UPTIME = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]");
    private static final Pattern GC_PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+(?:\\.\\d+)?)ms$");
    /** The heap before, after and its size in a pause line: {@code 300M->20M(981M)}. */
    private static final Pattern HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\(\\d+M\\)");
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \".*Total: (\\d+) ns");

    /**
     * One pause: when (JVM uptime, s), how long (ms), and the heap in use before and after it (MB; NaN if not
     * logged, as for safepoints and the concurrent collectors' phases).
     */
    record Pause(double uptimeSeconds, double ms, double heapBeforeMb, double heapAfterMb) {
    }

    /**
     * What the server allocated between two collections: from and to in seconds after the pauses' origin, MB.
     * The heap before a collection less the heap after the one before it: everything allocated in between,
     * whether it lived or not (promotion only moves what was already counted).
     */
    record Allocated(double fromSeconds, double toSeconds, double mb) {
    }

    /** The pauses of both kinds, each in log order, and the JVM uptime they are counted from. */
    record Pauses(List<Pause> gc, List<Pause> safepoints, double originUptime) {
        Pauses since(double uptimeSeconds) {
            return new Pauses(after(gc, uptimeSeconds), after(safepoints, uptimeSeconds), uptimeSeconds);
        }

        /** What was allocated between each two consecutive collections that logged the heap. */
        List<Allocated> allocations() {
            List<Pause> sized = gc.stream().filter(p -> Double.isFinite(p.heapAfterMb())).toList();
            List<Allocated> between = new ArrayList<>();
            for (int i = 1; i < sized.size(); i++) {
                Pause before = sized.get(i - 1);
                Pause next = sized.get(i);
                between.add(new Allocated(before.uptimeSeconds() - originUptime, next.uptimeSeconds() - originUptime,
                        next.heapBeforeMb() - before.heapAfterMb()));
            }
            return between;
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
            return new Pauses(gc, safepoints, 0);
        }
        for (String line : Files.readAllLines(log)) {
            Matcher uptime = UPTIME.matcher(line);
            if (!uptime.find()) {
                continue;
            }
            double at = Double.parseDouble(uptime.group(1));
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                Matcher heap = HEAP.matcher(line);
                boolean sized = heap.find();
                gc.add(new Pause(at, Double.parseDouble(m.group(1)),
                        sized ? Double.parseDouble(heap.group(1)) : Double.NaN,
                        sized ? Double.parseDouble(heap.group(2)) : Double.NaN));
            } else if ((m = SAFEPOINT.matcher(line)).find()) {
                safepoints.add(new Pause(at, Long.parseLong(m.group(1)) / 1e6, Double.NaN, Double.NaN));
            }
        }
        return new Pauses(gc, safepoints, 0);
    }
}
