package io.sayline.tools.analyse;

import io.netty.buffer.Unpooled;
import io.sayline.rtp.packet.RtpDecodeResult;
import io.sayline.rtp.packet.RtpPacket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rtp-analyse FILE [--json] [--require-speech-seconds S] [--max-p99-ms M] [--src-ports LO-HI]
 * [--min-packets N] [--tones F1,F2,...] [--max-tone-spread DB] [--max-level-at F:DBFS]... [--tone-edge-ms MS]}:
 * reads a pcap/pcapng capture and reports, per RTP stream (source, destination, SSRC):
 * packets, payload types and sizes, sequence gaps and jumps, timestamp jumps inside talkspurts, markers,
 * |inter-arrival − 20 ms| p50/p99/max from the capture timestamps, and seconds of speech (G.711 frames
 * above −45 dBFS).
 *
 * <p>UDP datagrams that decode as RTP version 2 (and not as RTCP) are taken as RTP; streams with fewer than
 * {@code --min-packets} (default 5) packets are ignored as accidental matches. With a requirement option
 * every reported stream must meet it, else the exit status is 1 (2 for usage or file errors).
 *
 * <p>Tones: {@code --tones} prints, per stream, the level in dBFS (a full-scale sine is 0 dBFS) at each
 * frequency over the stream's longest talkspurt of decoded G.711, less {@code --tone-edge-ms} (default 60)
 * at each end; see {@link ToneLevel}. {@code --max-tone-spread DB} requires the {@code --tones} levels to be
 * within DB of each other; {@code --max-level-at F:DBFS} (repeatable) requires the level at F (measured
 * even if not in {@code --tones}) to be at most DBFS. Example for the audio acceptance (1 and 2 kHz in band,
 * aliases of 4.7 and 5.3 kHz at 3.3 and 2.7 kHz):
 * {@code rtp-analyse call.pcapng --tones 1000,2000 --max-tone-spread 1 --max-level-at 2700:-60 --max-level-at 3300:-60}.
 *
 * <p>Capture with {@code tshark -i lo -f "udp portrange 20000-29999" -w out.pcapng}.
 */
public final class RtpAnalyser {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    private static final String USAGE = "usage: rtp-analyse FILE [--json] [--require-speech-seconds S] "
            + "[--max-p99-ms M] [--src-ports LO-HI] [--min-packets N] [--tones F1,F2,...] [--max-tone-spread DB] "
            + "[--max-level-at F:DBFS]... [--tone-edge-ms MS]";

    private RtpAnalyser() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    /** Runs the analysis; returns the exit status instead of exiting (for tests). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        List<StreamStats> streams;
        try {
            streams = read(options);
        } catch (IOException e) {
            err.println("cannot read " + options.file + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        List<List<String>> failures = new ArrayList<>();
        List<ToneLevels> tones = new ArrayList<>();
        boolean failed = false;
        for (StreamStats s : streams) {
            ToneLevels levels = options.measuresTones()
                    ? ToneLevels.of(s.talkspurt(), options.measuredFrequencies(), options.toneEdgeMs * StreamStats.SAMPLE_RATE / 1000,
                    StreamStats.SAMPLE_RATE)
                    : null;
            tones.add(levels);
            List<String> f = failures(s, levels, options);
            failures.add(f);
            failed |= !f.isEmpty();
        }
        if (streams.isEmpty() && options.hasRequirements()) {
            failed = true;
        }
        if (options.json) {
            Report.json(streams, tones, failures, out);
        } else {
            Report.text(streams, tones, failures, out);
        }
        return failed ? EXIT_FAILED : EXIT_OK;
    }

    /** The RTP streams of a capture with at least {@code minPackets} packets each, in order of appearance. */
    public static List<StreamStats> streams(Path capture, int minPackets) throws IOException {
        Options options = new Options();
        options.file = capture;
        options.minPackets = minPackets;
        return read(options);
    }

    private static List<StreamStats> read(Options options) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(options.file), 1 << 16)) {
            return analyse(in, options);
        }
    }

    static List<StreamStats> analyse(InputStream in, Options options) throws IOException {
        Map<String, StreamStats> streams = new LinkedHashMap<>();
        CaptureReader.read(in, frame -> {
            UdpDatagram udp = LinkLayer.udpOf(frame);
            if (udp == null || !options.acceptsSourcePort(udp.sourcePort())) {
                return;
            }
            RtpDecodeResult result = RtpPacket.decode(Unpooled.wrappedBuffer(udp.data(), udp.offset(), udp.length()));
            if (result instanceof RtpPacket packet) {
                String key = udp.source() + ">" + udp.destination() + "#" + packet.ssrc();
                streams.computeIfAbsent(key, k -> new StreamStats(udp.source(), udp.destination(), packet.ssrc(),
                                options.measuresTones()))
                        .add(udp.timestampNanos(), packet);
            }
        });
        List<StreamStats> kept = new ArrayList<>();
        for (StreamStats s : streams.values()) {
            if (s.packets >= options.minPackets) {
                kept.add(s);
            }
        }
        return kept;
    }

    private static List<String> failures(StreamStats s, ToneLevels tones, Options options) {
        List<String> f = new ArrayList<>();
        if (options.maxToneSpread != null) {
            double spread = tones.spreadDb(options.tones);
            if (Double.isNaN(spread) || spread > options.maxToneSpread) {
                f.add(String.format(Locale.ROOT, "tone spread %.2f dB > max %.2f dB", spread, options.maxToneSpread));
            }
        }
        for (Map.Entry<Double, Double> max : options.maxLevels.entrySet()) {
            Double level = tones.levels().get(max.getKey());
            if (level == null || level > max.getValue()) {
                f.add(String.format(Locale.ROOT, "level at %.0f Hz %s dBFS > max %.1f dBFS", max.getKey(),
                        level == null ? "unmeasured" : String.format(Locale.ROOT, "%.1f", level), max.getValue()));
            }
        }
        if (options.requireSpeechSeconds != null && s.speechSeconds() < options.requireSpeechSeconds) {
            f.add(String.format(Locale.ROOT, "speech %.2f s < required %.2f s", s.speechSeconds(),
                    options.requireSpeechSeconds));
        }
        if (options.maxP99Ms != null) {
            double p99 = s.deviationQuantileMs(0.99);
            if (Double.isNaN(p99) || p99 > options.maxP99Ms) {
                f.add(String.format(Locale.ROOT, "inter-arrival p99 %.3f ms > max %.3f ms", p99, options.maxP99Ms));
            }
        }
        return f;
    }

    /** Parsed command line. */
    static final class Options {
        Path file;
        boolean json;
        Double requireSpeechSeconds;
        Double maxP99Ms;
        int srcPortLow = 0;
        int srcPortHigh = 65535;
        int minPackets = 5;
        final List<Double> tones = new ArrayList<>();
        Double maxToneSpread;
        /** Frequency → highest allowed dBFS, in the order given. */
        final Map<Double, Double> maxLevels = new LinkedHashMap<>();
        int toneEdgeMs = 60;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json" -> o.json = true;
                    case "--require-speech-seconds" -> o.requireSpeechSeconds = number(args, ++i, a);
                    case "--max-p99-ms" -> o.maxP99Ms = number(args, ++i, a);
                    case "--min-packets" -> o.minPackets = (int) (double) number(args, ++i, a);
                    case "--tones" -> {
                        for (String f : value(args, ++i, a).split(",")) {
                            o.tones.add(frequency(f, a));
                        }
                    }
                    case "--max-tone-spread" -> o.maxToneSpread = number(args, ++i, a);
                    case "--max-level-at" -> {
                        String[] fl = value(args, ++i, a).split(":", 2);
                        if (fl.length != 2) {
                            throw new IllegalArgumentException("--max-level-at must be F:DBFS, was " + args[i]);
                        }
                        o.maxLevels.put(frequency(fl[0], a), number(new String[] {fl[1]}, 0, a));
                    }
                    case "--tone-edge-ms" -> o.toneEdgeMs = (int) (double) number(args, ++i, a);
                    case "--src-ports" -> {
                        String[] range = value(args, ++i, a).split("-", 2);
                        try {
                            o.srcPortLow = Integer.parseInt(range[0].trim());
                            o.srcPortHigh = Integer.parseInt(range[range.length - 1].trim());
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--src-ports must be LO-HI, was " + args[i]);
                        }
                    }
                    default -> {
                        if (a.startsWith("--") || o.file != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        o.file = Path.of(a);
                    }
                }
            }
            if (o.file == null) {
                throw new IllegalArgumentException("no capture file given");
            }
            if (o.maxToneSpread != null && o.tones.size() < 2) {
                throw new IllegalArgumentException("--max-tone-spread needs at least two --tones");
            }
            if (o.toneEdgeMs < 0 || o.toneEdgeMs > 10_000) {
                throw new IllegalArgumentException("--tone-edge-ms must be 0..10000, was " + o.toneEdgeMs);
            }
            return o;
        }

        boolean hasRequirements() {
            return requireSpeechSeconds != null || maxP99Ms != null || maxToneSpread != null || !maxLevels.isEmpty();
        }

        boolean measuresTones() {
            return !tones.isEmpty() || !maxLevels.isEmpty();
        }

        /** The {@code --tones} frequencies, then those only named by {@code --max-level-at}. */
        List<Double> measuredFrequencies() {
            List<Double> all = new ArrayList<>(tones);
            maxLevels.keySet().stream().filter(f -> !all.contains(f)).forEach(all::add);
            return all;
        }

        private static double frequency(String text, String name) {
            try {
                double hz = Double.parseDouble(text.trim());
                if (!(hz > 0 && hz < StreamStats.SAMPLE_RATE / 2.0)) {
                    throw new IllegalArgumentException(name + ": frequency must be 0 < F < 4000 Hz, was " + text);
                }
                return hz;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a frequency: " + text);
            }
        }

        boolean acceptsSourcePort(int port) {
            return port >= srcPortLow && port <= srcPortHigh;
        }

        private static String value(String[] args, int i, String name) {
            if (i >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[i];
        }

        private static Double number(String[] args, int i, String name) {
            String v = value(args, i, name);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, was " + v);
            }
        }
    }
}
