package io.sayline.core.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once, at start, when the kernel's real-time throttling period lets a stuck call loop hold its core for most
 * of a second.
 *
 * <p>Why: a {@code SCHED_FIFO} call loop that spins in the JVM waiting for a normal-priority thread (the JIT
 * replacing code the loops call) keeps its core until the kernel throttles it, after 95 % of the period: with the
 * default one-second period, every stream of that loop stalled for 0.68-1 s in 9 of 27 runs of 1,000 talking calls
 * on the 2-core test machine, and for no more than 205 ms in six runs with a 100 ms period (docs/performance.md, "The
 * stalls of a second"). The period belongs to the machine; docs/operations.md, "Real-time pacing", says how to set
 * it.
 */
final class RealtimeThrottling {
    private static final Logger log = LoggerFactory.getLogger(RealtimeThrottling.class);
    /** A period this short bounds such a stall to about itself. */
    static final long ADVISED_PERIOD_MICROS = 100_000;
    /**
     * Where the period is read, first found first: the root group's with real-time group scheduling (there the
     * group's figure is the one the kernel applies to it), else the kernel-wide one.
     */
    static final List<Path> PERIOD_FILES = List.of(Path.of("/sys/fs/cgroup/cpu/cpu.rt_period_us"),
            Path.of("/proc/sys/kernel/sched_rt_period_us"));

    private RealtimeThrottling() {
    }

    /** Logs the advice when the period is longer than advised; says nothing when it cannot be read. */
    static void adviseOnce() {
        OptionalLong period = periodMicros(PERIOD_FILES);
        if (period.isPresent()) {
            advice(period.getAsLong()).ifPresent(log::info);
        }
    }

    /** The first of {@code files} that exists and holds a number. */
    static OptionalLong periodMicros(List<Path> files) {
        for (Path file : files) {
            try {
                return OptionalLong.of(Long.parseLong(Files.readString(file).strip()));
            } catch (IOException | NumberFormatException e) {
                // not this one: the next, if any
            }
        }
        return OptionalLong.empty();
    }

    /** The log line for a period of {@code periodMicros}, or empty when it is short enough. */
    static Optional<String> advice(long periodMicros) {
        if (periodMicros <= ADVISED_PERIOD_MICROS) {
            return Optional.empty();
        }
        return Optional.of("the kernel throttles real-time threads over periods of " + periodMicros / 1000 + " ms: a"
                + " call loop stuck in the JVM can keep its streams silent for most of one; a period of "
                + ADVISED_PERIOD_MICROS / 1000 + " ms bounds that (docs/operations.md, \"Real-time pacing\")");
    }
}
