package io.sayline.tools.load;

import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The callers: one SIPp process placing {@code --calls} calls at {@code --rate} with the shipped
 * {@code uac_pcmu.xml} scenario, each holding for {@code --duration}. All calls offer the same media port
 * ({@code mediaPort}), so one capture filter on it catches every stream Sayline sends. SIPp's statistics
 * file ({@code OUT/sipp-stat.csv}, one row a second) gives calls done and failed while it runs.
 */
final class SippCalls implements AutoCloseable {
    private static final String STATS = "sipp-stat.csv";
    /** Beyond the time the calls need: set-up, the last BYEs, a slow machine. */
    private static final long TIMEOUT_MARGIN_SECONDS = 120;

    private final ChildProcess process;
    private final Path stats;
    private final int calls;

    private SippCalls(ChildProcess process, Path stats, int calls) {
        this.process = process;
        this.stats = stats;
        this.calls = calls;
    }

    static SippCalls start(String sipp, LoadCommand o, Path outDir, int mediaPort, int sipPort) throws IOException {
        Path scenario = SippFiles.scenario("uac_pcmu.xml", outDir);
        List<String> command = List.of(sipp, "-sf", scenario.toString(), "-s", "load",
                "-m", Integer.toString(o.calls), "-l", Integer.toString(o.calls), "-r", Integer.toString(o.rate),
                "-d", Long.toString(o.durationSeconds * 1000L), "-i", "127.0.0.1",
                "-p", Integer.toString(SippFiles.freeUdpPort()), "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort),
                "-nostdin", "-timeout", timeoutSeconds(o) + "s", "-timeout_error",
                "-trace_stat", "-stf", outDir.resolve(STATS).toString(), "-fd", "1",
                "127.0.0.1:" + sipPort);
        return new SippCalls(ChildProcess.start("sipp", command, outDir, Map.of()), outDir.resolve(STATS), o.calls);
    }

    /** How long the whole run may take: placing the calls, their duration, and a margin. */
    static long timeoutSeconds(LoadCommand o) {
        return (long) Math.ceil(o.calls / (double) o.rate) + o.durationSeconds + TIMEOUT_MARGIN_SECONDS;
    }

    ChildProcess process() {
        return process;
    }

    /** Calls completed, failed and in progress, from SIPp's newest statistics row. */
    Progress progress() {
        Map<String, String> row = LastRow.read(stats, ";", "CurrentCall");
        return new Progress((int) LastRow.number(row, "SuccessfulCall(C)"), (int) LastRow.number(row, "FailedCall(C)"),
                (int) LastRow.number(row, "CurrentCall"));
    }

    /** SIPp's own counters of completed, failed and current calls. */
    record Progress(int completed, int failedBySipp, int current) {
    }

    /** Calls that did not complete: SIPp's failures plus any never completed (SIPp killed, timed out). */
    int failed(Progress last) {
        return Math.max(last.failedBySipp(), calls - last.completed());
    }

    @Override
    public void close() {
        process.close();
    }
}
