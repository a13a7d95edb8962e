package io.sayline.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What was run and on what: the parameters and the machine, for the summary and the report's header. */
record RunInfo(Instant started, Duration took, Path outDir, Map<String, String> parameters, Map<String, String> machine) {

    static RunInfo of(LoadCommand o, Instant started, Duration took, Path outDir, String capture) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("calls", o.calls + " concurrent, placed at " + o.rate + "/s, " + o.durationSeconds + " s each");
        p.put("vendor", o.simulatorKnobs().describe(o.mode));
        p.put("bot", o.tokens ? "word tokens per utterance" : "one say per utterance");
        if (o.hearsCaller()) {
            p.put("callers", "speak the whole call (uac_speech.xml: SIPp's g711a.pcap as PCMU, 2.1 s phrases after"
                    + " 1.2 s pauses); the bot sends" + (o.listen != null ? " listen " + o.listen : "")
                    + (o.listen != null && o.transcribe ? " and" : "")
                    + (o.transcribe ? " transcribe (stt " + GatewayProcess.STT + ": the simulator's realtime STT)"
                    : ""));
        }
        p.put("gateway", o.run.jar + ", JVM " + (o.run.jvmOpts != null ? o.run.jvmOpts : "Sayline's default options")
                + ", playout.holdMs " + o.playoutHoldMs);
        p.put("capture", capture);
        if (o.deoptAtSeconds > 0) {
            p.put("deopt", "the gateway's compiled code of " + CodeDiscard.MEDIA_CLASSES + "* thrown away "
                    + o.deoptAtSeconds + " s after the first call");
        }
        return new RunInfo(started, took, outDir, p, machine(started));
    }

    /** The machine the run was on, and its date. */
    static Map<String, String> machine(Instant started) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("CPU", cpuModel());
        m.put("memory", String.format(Locale.ROOT, "%.1f GB", memoryBytes() / 1e9));
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("date", started.truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
    }

    private static double memoryBytes() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal").map(v -> Double.parseDouble(v.split("\\s+")[0]) * 1024)
                .orElse(Double.NaN);
    }

    /** The value after "KEY :" on the first line that starts with KEY in a /proc file. */
    private static Optional<String> procLine(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
