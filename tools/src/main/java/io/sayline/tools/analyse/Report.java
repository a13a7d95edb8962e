package io.sayline.tools.analyse;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the analysis as text for people or as JSON for scripts. */
final class Report {
    private Report() {
    }

    /** @param tones per stream, null entries when tones were not asked for */
    static void text(List<StreamStats> streams, List<ToneLevels> tones, List<List<String>> failures, PrintStream out) {
        if (streams.isEmpty()) {
            out.println("no RTP streams found");
        }
        for (int i = 0; i < streams.size(); i++) {
            StreamStats s = streams.get(i);
            out.printf(Locale.ROOT, "stream %s -> %s ssrc=0x%08x%n", s.source, s.destination, s.ssrc);
            out.printf(Locale.ROOT, "  packets %d  payload types %s  payload sizes %s%n", s.packets,
                    s.payloadTypes, s.payloadSizes);
            out.printf(Locale.ROOT, "  sequence gaps %d (lost %d)  sequence jumps %d  timestamp jumps %d  markers %d%n",
                    s.sequenceGaps, s.lostPackets, s.sequenceJumps, s.timestampJumps, s.markers);
            out.printf(Locale.ROOT, "  |inter-arrival - 20 ms| p50 %.3f  p99 %.3f  max %.3f ms (%d intervals)%n",
                    s.deviationQuantileMs(0.5), s.deviationQuantileMs(0.99), s.deviationQuantileMs(1.0),
                    s.deviationCount());
            out.printf(Locale.ROOT, "  speech %.2f s%n", s.speechSeconds());
            ToneLevels t = tones.get(i);
            if (t != null) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  tones over %.2f s of the longest talkspurt:",
                        t.measuredSeconds()));
                t.levels().forEach((hz, db) -> line.append(String.format(Locale.ROOT, "  %.0f Hz %.1f dBFS", hz, db)));
                out.println(t.levels().isEmpty() ? "  tones: talkspurt too short to measure" : line);
            }
            out.println(failures.get(i).isEmpty() ? "  OK" : "  FAIL: " + String.join("; ", failures.get(i)));
        }
        if (streams.size() > 1) {
            StreamStats.Pooled all = StreamStats.pooled(streams);
            out.printf(Locale.ROOT, "all %d streams: |inter-arrival - 20 ms| p50 %.3f  p99 %.3f  p99.9 %.3f"
                    + "  max %.3f ms (%d intervals); %d of them OK%n", streams.size(), all.p50(), all.p99(), all.p999(), all.max(),
                    all.count(), failures.stream().filter(List::isEmpty).count());
        }
    }

    static void json(List<StreamStats> streams, List<ToneLevels> tones, List<List<String>> failures, PrintStream out) {
        StringBuilder b = new StringBuilder("{\"streams\":[");
        for (int i = 0; i < streams.size(); i++) {
            StreamStats s = streams.get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"source\":").append(quote(s.source))
                    .append(",\"destination\":").append(quote(s.destination))
                    .append(",\"ssrc\":").append(Integer.toUnsignedLong(s.ssrc))
                    .append(",\"packets\":").append(s.packets)
                    .append(",\"payloadTypes\":").append(map(s.payloadTypes))
                    .append(",\"payloadSizes\":").append(map(s.payloadSizes))
                    .append(",\"sequenceGaps\":").append(s.sequenceGaps)
                    .append(",\"lostPackets\":").append(s.lostPackets)
                    .append(",\"sequenceJumps\":").append(s.sequenceJumps)
                    .append(",\"timestampJumps\":").append(s.timestampJumps)
                    .append(",\"markers\":").append(s.markers)
                    .append(",\"interArrivalDeviationMs\":{\"p50\":").append(number(s.deviationQuantileMs(0.5)))
                    .append(",\"p99\":").append(number(s.deviationQuantileMs(0.99)))
                    .append(",\"max\":").append(number(s.deviationQuantileMs(1.0)))
                    .append(",\"count\":").append(s.deviationCount()).append('}')
                    .append(",\"speechSeconds\":").append(number(s.speechSeconds()))
                    .append(tones(tones.get(i)))
                    .append(",\"ok\":").append(failures.get(i).isEmpty())
                    .append(",\"failures\":[");
            for (int j = 0; j < failures.get(i).size(); j++) {
                b.append(j > 0 ? "," : "").append(quote(failures.get(i).get(j)));
            }
            b.append("]}");
        }
        StreamStats.Pooled all = StreamStats.pooled(streams);
        b.append("],\"allStreams\":{\"interArrivalDeviationMs\":{\"p50\":").append(number(all.p50()))
                .append(",\"p99\":").append(number(all.p99()))
                .append(",\"p999\":").append(number(all.p999()))
                .append(",\"max\":").append(number(all.max()))
                .append(",\"count\":").append(all.count()).append("}}}");
        out.println(b);
    }

    /** {@code ,"tones":{"seconds":S,"dbfs":{"1000":-14.1,...}}}, or nothing when not asked for. */
    private static String tones(ToneLevels t) {
        if (t == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(",\"tones\":{\"seconds\":").append(number(t.measuredSeconds())).append(",\"dbfs\":{");
        t.levels().forEach((hz, db) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",")
                .append(quote(String.format(Locale.ROOT, "%.0f", hz))).append(':').append(number(db)));
        return b.append("}}").toString();
    }

    private static String map(Map<Integer, Long> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<Integer, Long> e : m.entrySet()) {
            b.append(b.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return b.append('}').toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
