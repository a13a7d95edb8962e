package io.sayline.tools.load;

import io.sayline.rtp.g711.G711Codec;
import io.sayline.tools.sipp.SippFiles;
import io.sayline.tools.sipp.SpeechCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The callers: one SIPp process running a scenario shipped in the tools jar. {@code load} places {@code --calls}
 * calls at {@code --rate} with {@code uac_pcmu.xml}, each holding for {@code --duration}; {@code soak} keeps
 * calls cycling with {@code uac_soak.xml}. All calls offer the same media port ({@code mediaPort}), so one capture
 * filter on it catches every stream Sayline sends. SIPp's statistics file ({@code OUT/sipp-stat.csv}, one row a
 * second) gives calls done and failed while it runs.
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

    /**
     * {@code load}'s callers: silent ({@code uac_pcmu.xml}), or with {@code --listen}/{@code --transcribe} speaking
     * for the whole call ({@code uac_speech.xml} playing {@code OUT/speech.pcap}, μ-law as Sayline's preferred
     * PCMU). SIPp sends that audio from the media port to Sayline's RTP port, so the capture, which keeps only
     * packets <em>to</em> the media port, still holds Sayline's streams alone.
     */
    static SippCalls start(String sipp, LoadCommand o, Path outDir, int mediaPort, int sipPort) throws IOException {
        String scenario = "uac_pcmu.xml";
        if (o.hearsCaller()) {
            SpeechCapture.write(outDir, SpeechCapture.talkingFor(o.durationSeconds * 1000L), G711Codec.PCMU);
            scenario = "uac_speech.xml";
        }
        return start(sipp, new Plan(scenario, "load", List.of("-m", Integer.toString(o.calls),
                "-l", Integer.toString(o.calls), "-r", Integer.toString(o.rate),
                "-d", Long.toString(o.durationSeconds * 1000L)), o.calls, timeoutSeconds(o)), outDir, mediaPort, sipPort);
    }

    /**
     * SIPp running {@code plan}'s shipped scenario, its statistics in {@code OUT/sipp-stat.csv}; every call offers
     * media on {@code mediaPort}.
     */
    static SippCalls start(String sipp, Plan plan, Path outDir, int mediaPort, int sipPort) throws IOException {
        Path scenario = SippFiles.scenario(plan.scenario(), outDir);
        List<String> command = new ArrayList<>(List.of(sipp, "-sf", scenario.toString(), "-s", plan.service()));
        command.addAll(plan.pacing());
        command.addAll(List.of("-i", "127.0.0.1",
                "-p", Integer.toString(SippFiles.freeUdpPort()), "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort),
                "-nostdin", "-timeout", plan.timeoutSeconds() + "s", "-timeout_error",
                "-trace_stat", "-stf", outDir.resolve(STATS).toString(), "-fd", "1",
                "127.0.0.1:" + sipPort));
        return new SippCalls(ChildProcess.start("sipp", command, outDir, Map.of()), outDir.resolve(STATS), plan.calls());
    }

    /**
     * What SIPp is to do.
     *
     * @param scenario a scenario shipped in the tools jar ({@code /sipp/NAME})
     * @param service the called user ({@code -s}), which shows in call records
     * @param pacing SIPp's options for how many calls, how fast and how long ({@code -m}, {@code -l}, {@code -r},
     *               {@code -d}...)
     * @param calls how many calls in all, to count those never completed
     * @param timeoutSeconds SIPp gives up (and fails the rest) after this
     */
    record Plan(String scenario, String service, List<String> pacing, int calls, long timeoutSeconds) {
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
