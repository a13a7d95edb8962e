package io.sayline.tools.load;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: calls that keep cycling for minutes against a Sayline process with Netty's leak detector at
 * {@code paranoid}, to show that nothing leaks. See {@link SoakRun}. Exit code 0 when it passed
 * ({@link SoakVerdict}), 1 when it did not, 2 on a usage error.
 */
@Command(name = "soak", sortOptions = false,
        description = {"Places --calls-total calls over --minutes with SIPp, --concurrent at a time, on a Sayline "
                + "process (Netty leak detection paranoid) whose bot talks, clears now and then and hears key presses; "
                + "the callers press keys and hang up at random moments. Samples the gateway's file descriptors, "
                + "sockets, threads, heap after a full GC, direct memory, RTP ports and /metrics; prints each "
                + "series' warm-up and end level, writes OUT/soak.html and OUT/soak-samples.csv.",
                "Exit code: 0 no failed call, no leak report and every series flat; 1 otherwise; 2 usage error."})
public final class SoakCommand implements Callable<Integer> {
    /** The scenario's own time besides -d: 1.5 s before the first key, 1 s on average before the BYE. */
    static final long SCENARIO_FIXED_MS = 2500;
    /** The shortest hold (-d) between the two key presses. */
    static final long MIN_HOLD_MS = 500;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--calls-total", defaultValue = "10000", paramLabel = "N",
            description = "calls to place in all (default ${DEFAULT-VALUE})")
    int callsTotal;

    @Option(names = "--concurrent", defaultValue = "100", paramLabel = "C",
            description = "calls at a time (default ${DEFAULT-VALUE}); each lasts C x minutes x 60 / N s on average")
    int concurrent;

    @Option(names = "--minutes", defaultValue = "30", paramLabel = "T",
            description = "how long the calls are placed over (default ${DEFAULT-VALUE}); fractions allowed")
    double minutes;

    @Option(names = "--sample-seconds", defaultValue = "2", paramLabel = "S",
            description = "seconds between samples (default ${DEFAULT-VALUE})")
    int sampleSeconds;

    @Option(names = "--gc-seconds", defaultValue = "10", paramLabel = "S",
            description = "seconds between forced full collections that measure the heap (default ${DEFAULT-VALUE})")
    int gcSeconds;

    @Option(names = "--mode", defaultValue = "http", paramLabel = "http|websocket",
            description = "ElevenLabs HTTP streaming or multi-context WebSocket (default ${DEFAULT-VALUE})")
    VendorMode mode;

    @Mixin
    RunOptions run = new RunOptions();

    public static void main(String[] args) {
        System.exit(commandLine(new SoakCommand()).execute(args));
    }

    static CommandLine commandLine(SoakCommand command) {
        return RunOptions.commandLine(command);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        return RunOptions.exitCode(spec, () -> new SoakRun(this).run().passed());
    }

    /** The checks picocli's types cannot make; a failure is a usage error (exit code 2). */
    void validate() {
        RunOptions.check(spec, callsTotal >= 1, "--calls-total must be >= 1");
        RunOptions.check(spec, concurrent >= 1 && concurrent <= callsTotal, "--concurrent must be 1..--calls-total");
        RunOptions.check(spec, minutes > 0, "--minutes must be > 0");
        RunOptions.check(spec, sampleSeconds >= 1, "--sample-seconds must be >= 1");
        RunOptions.check(spec, gcSeconds >= sampleSeconds, "--gc-seconds must be >= --sample-seconds");
        RunOptions.check(spec, holdMs() >= MIN_HOLD_MS, String.format(java.util.Locale.ROOT, "calls would last %.1f s on average: "
                + "at least %.1f s are needed (raise --concurrent or --minutes, or lower --calls-total)",
                callMs() / 1000.0, (SCENARIO_FIXED_MS + MIN_HOLD_MS) / 1000.0));
        RunOptions.check(spec, run.jarProblem() == null, run.jarProblem());
    }

    /** How long the calls are placed over. */
    Duration span() {
        return Duration.ofMillis(Math.round(minutes * 60_000));
    }

    /** A call's average length: C calls at a time, N calls over T, so each lasts C x T / N. */
    long callMs() {
        return span().toMillis() * concurrent / callsTotal;
    }

    /** SIPp's -d: the call's length less what the scenario spends besides. */
    long holdMs() {
        return callMs() - SCENARIO_FIXED_MS;
    }
}
