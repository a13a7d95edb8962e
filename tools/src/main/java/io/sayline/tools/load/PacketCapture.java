package io.sayline.tools.load;

import io.sayline.tools.sipp.SippFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What arrives at the callers, captured on loopback into a {@link CaptureFile} with a kernel filter on the
 * callers' media port, so the capture stores only Sayline's RTP. dumpcap first (tshark's capture engine, with
 * a large buffer and nothing else running), then tshark, then tcpdump. A packet the capture dropped would
 * look like a sequence gap, so the drop count the tool prints at the end is kept.
 */
final class PacketCapture implements AutoCloseable {
    /** MB of kernel buffer: a thousand streams are 50,000 packets a second. */
    private static final String BUFFER_MB = "256";
    private static final Pattern DROPPED = Pattern.compile("(?:dropped on interface '[^']*': \\d+/(\\d+))"
            + "|(?:(\\d+) packets dropped by kernel)");
    private static final long START_TIMEOUT_MS = 10_000;

    private final ChildProcess process;
    private final Path file;

    private PacketCapture(ChildProcess process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** The capture program installed here, or empty (then the load tool cannot run). */
    static Optional<String> tool() {
        return SippFiles.onPath("dumpcap").or(() -> SippFiles.onPath("tshark")).or(() -> SippFiles.onPath("tcpdump"));
    }

    /** Starts the capture into {@code capture}; its log goes into {@code outDir}. */
    static PacketCapture start(String tool, CaptureFile capture, Path outDir, int mediaPort)
            throws IOException, InterruptedException {
        capture.createDirectory();
        Path file = capture.file();
        String filter = "udp dst port " + mediaPort;
        List<String> command = tool.endsWith("tcpdump")
                ? List.of(tool, "-i", "lo", "-B", Integer.parseInt(BUFFER_MB) * 1024 + "", "-w", file.toString(), filter)
                : List.of(tool, "-q", "-i", "lo", "-B", BUFFER_MB, "-f", filter, "-w", file.toString());
        ChildProcess process = ChildProcess.start("capture", command, outDir, Map.of());
        try {
            process.awaitLine(Pattern.compile("Capturing on|listening on"), START_TIMEOUT_MS);
            return new PacketCapture(process, file);
        } catch (IOException | InterruptedException e) {
            process.close();
            throw e;
        }
    }

    ChildProcess process() {
        return process;
    }

    /** Stops the capture (it flushes the file) and returns the file. */
    Path stop() {
        process.close();
        return file;
    }

    /** Packets the capture tool said it dropped; -1 when it did not say. */
    long dropped() throws IOException {
        Matcher m = DROPPED.matcher(Files.readString(process.log()));
        return m.find() ? Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)) : -1;
    }

    @Override
    public void close() {
        process.close();
    }
}
