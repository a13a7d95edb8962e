package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** CPU time and threads of processes, read from Linux's /proc. */
final class ProcCpu {
    /** USER_HZ: the unit of /proc/PID/stat's times; 100 on every Linux architecture's user ABI. */
    static final double TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    /** User + system CPU seconds of these processes together; 0 for those gone. */
    static double seconds(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> ticks(p.pid())).sum() / TICKS_PER_SECOND;
    }

    /** {@code process} and every process under it, as they are now. */
    static List<ProcessHandle> tree(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants()).toList();
    }

    /** utime + stime: fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
    }

    /** The thread count of {@code pid} (the "Threads:" line of /proc/PID/status); 0 if gone. */
    static int threads(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).trim()))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
