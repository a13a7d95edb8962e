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
    private static final Pattern SAFEPOINT = Pattern.compile("Safepoint \".*Total: (\\d+) ns");

    /** One pause: when (JVM uptime, s) and how long (ms). */
    record Pause(double uptimeSeconds, double ms) {
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
                gc.add(new Pause(at, Double.parseDouble(m.group(1))));
            } else if ((m = SAFEPOINT.matcher(line)).find()) {
                safepoints.add(new Pause(at, Long.parseLong(m.group(1)) / 1e6));
            }
        }
        return new Pauses(gc, safepoints);
    }
}
