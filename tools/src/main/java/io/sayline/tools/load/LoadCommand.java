package io.sayline.tools.load;

import io.sayline.core.control.protocol.Command.Listen;
import io.sayline.tools.bots.RelayBot;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code load}: N calls that talk for their whole length, against a Sayline process, all on 127.0.0.1. See
 * {@link LoadRun} for what it starts and measures. Exit code 0 when every call completed with no sequence gap
 * (hearing the callers, also {@link CallerFigures#problems()} empty), 1 otherwise, 2 on a usage error.
 */
@Command(name = "load", sortOptions = false,
        description = {"Places N calls with SIPp on a Sayline process whose bot keeps every call talking, with the "
                + "ElevenLabs simulator as the voice; prints progress and a summary, writes OUT/report.html.",
                "Exit code: 0 all calls completed with 0 sequence gaps (with --listen/--transcribe also: no caller "
                        + "frame lost or dropped, finals when transcribing), 1 otherwise, 2 usage error."})
public final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--calls", defaultValue = "50", paramLabel = "N", description = "concurrent calls (default ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--rate", defaultValue = "50", paramLabel = "R", description = "calls per second to place them (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "S",
            description = "seconds each call lasts (default ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--mode", defaultValue = "http", paramLabel = "http|websocket",
            description = "ElevenLabs HTTP streaming or multi-context WebSocket (default ${DEFAULT-VALUE})")
    VendorMode mode;

    @Option(names = "--first-byte-ms", defaultValue = "75", paramLabel = "MS",
            description = "simulator delay before a generation's first chunk (default ${DEFAULT-VALUE})")
    long firstByteMs;

    @Option(names = "--rtf", defaultValue = "1.2", paramLabel = "X",
            description = "simulator real-time factor: 1.2 sends audio 1.2x faster than it plays; 0 = as fast as "
                    + "it can (default ${DEFAULT-VALUE})")
    double realTimeFactor;

    @Option(names = "--chunk-ms", defaultValue = "200", paramLabel = "MS", description = "audio per simulator chunk (default ${DEFAULT-VALUE})")
    int chunkMs;

    @Option(names = "--chunk-jitter-ms", defaultValue = "0", paramLabel = "MS",
            description = "random delay 0..MS before each chunk; the stream keeps its rtf on average "
                    + "(default ${DEFAULT-VALUE})")
    long chunkJitterMs;

    @Option(names = "--playout-hold-ms", defaultValue = "0", paramLabel = "MS",
            description = "the gateway's playout.holdMs: the first audio of each utterance waits this long, room for "
                    + "chunks that arrive late (default ${DEFAULT-VALUE})")
    int playoutHoldMs;

    @Option(names = "--deopt-at", defaultValue = "0", paramLabel = "S",
            description = "S seconds after the first call, throw away the gateway's compiled code of its media classes "
                    + "(" + CodeDiscard.MEDIA_CLASSES + "*, what the call loops run every frame), as a deoptimisation "
                    + "under load does, to see how the loops recover; 0 = never (default)")
    int deoptAtSeconds;

    @Option(names = "--tokens", description = "the bot streams each utterance word by word instead of one say")
    boolean tokens;

    @Option(names = "--listen", paramLabel = "ulaw|l16|l16:16000",
            description = "the bot asks for the caller's audio (protocol v1.1 listen) and counts the frames; the "
                    + "callers then play speech (SIPp's g711a.pcap, with pauses) for the whole call")
    String listen;

    @Option(names = "--transcribe", description = "the bot asks for transcripts (protocol v1.1 transcribe) from the "
            + "simulator's realtime speech-to-text, and counts them; the callers then play speech")
    boolean transcribe;

    @Option(names = "--keep-capture", description = "keep the packet capture as OUT/" + CaptureFile.NAME
            + " (it is written in memory, /dev/shm, and deleted after the analysis)")
    boolean keepCapture;

    @Mixin
    RunOptions run = new RunOptions();

    public static void main(String[] args) {
        System.exit(commandLine(new LoadCommand()).execute(args));
    }

    static CommandLine commandLine(LoadCommand command) {
        return RunOptions.commandLine(command);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        return RunOptions.exitCode(spec, () -> new LoadRun(this).run().passed());
    }

    SimulatorProcess.Knobs simulatorKnobs() {
        return new SimulatorProcess.Knobs(firstByteMs, chunkMs, chunkJitterMs, realTimeFactor);
    }

    /** The {@code listen} the bot sends as each call starts, or null without {@code --listen}. */
    Listen listenCommand() {
        return listen == null ? null : RelayBot.listen(listen);
    }

    /** With {@code --listen} or {@code --transcribe}: the callers speak and the bot hears them. */
    boolean hearsCaller() {
        return listen != null || transcribe;
    }

    /** The checks picocli's types cannot make; a failure is a usage error (exit code 2). */
    void validate() {
        RunOptions.check(spec, calls >= 1, "--calls must be >= 1");
        RunOptions.check(spec, rate >= 1, "--rate must be >= 1");
        RunOptions.check(spec, durationSeconds >= 1, "--duration must be >= 1");
        RunOptions.check(spec, firstByteMs >= 0, "--first-byte-ms must be >= 0");
        RunOptions.check(spec, realTimeFactor >= 0, "--rtf must be >= 0");
        RunOptions.check(spec, chunkMs >= 1, "--chunk-ms must be >= 1");
        RunOptions.check(spec, chunkJitterMs >= 0, "--chunk-jitter-ms must be >= 0");
        RunOptions.check(spec, deoptAtSeconds >= 0, "--deopt-at must be >= 0");
        RunOptions.check(spec, run.jarProblem() == null, run.jarProblem());
        if (listen != null) {
            boolean starts;
            try {
                starts = listenCommand().enabled();
            } catch (IllegalArgumentException e) {
                starts = false;
            }
            RunOptions.check(spec, starts, "--listen: expected ulaw, l16 or l16:16000, was '" + listen + "'");
        }
    }
}
