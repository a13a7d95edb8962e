package io.sayline.tools.analyse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.rtp.packet.RtpPacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtpAnalyserTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private static byte[] rtp(int seq, int ts, boolean marker, int pt, byte[] payload) {
        var buf = Unpooled.buffer();
        RtpPacket.builder().sequenceNumber(seq & 0xFFFF).timestamp(ts).marker(marker).payloadType(pt).ssrc(0x1234)
                .payload(payload).build().encodeTo(buf);
        return ByteBufUtil.getBytes(buf);
    }

    private static byte[] tone(int frame, double amplitude) {
        byte[] f = new byte[160];
        for (int i = 0; i < 160; i++) {
            f[i] = G711Codec.PCMU.encode((short) (amplitude * Math.sin(2 * Math.PI * 440 * (frame * 160 + i) / 8000.0)));
        }
        return f;
    }

    /** 3 s: 1 s silence, 2 s of a -12 dBFS tone (marker on its first frame), paced within ±0.2 ms. */
    private static CaptureWriter goodCall(int linkType) {
        CaptureWriter w = new CaptureWriter(linkType);
        Random random = new Random(1);
        for (int n = 0; n < 150; n++) {
            boolean speaking = n >= 50;
            byte[] payload = speaking ? tone(n, 8000) : tone(n, 0);
            long jitter = (long) (random.nextDouble() * 0.2 * MS);
            w.udp(T0 + n * 20 * MS + jitter, 20000, 40000, rtp(65500 + n, -8000 + n * 160, n == 50, 0, payload));
        }
        w.udp(T0, 5060, 5060, "INVITE sip:x SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
        return w;
    }

    private int run(byte[] capture, String... options) throws IOException {
        return AnalyserCli.run(dir.resolve("capture.pcap"), capture, stdout, options);
    }

    private String output() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "link type {0}")
    @ValueSource(ints = {LinkLayer.LINUX_SLL, LinkLayer.LINUX_SLL2, LinkLayer.ETHERNET, LinkLayer.NULL, LinkLayer.RAW})
    void wellPacedCallWithSpeechPassesOnEveryLinkType(int linkType) throws IOException {
        int code = run(goodCall(linkType).pcap(), "--require-speech-seconds", "1.9", "--max-p99-ms", "1");
        assertEquals(0, code, output());
        assertTrue(output().contains("stream 127.0.0.1:20000 -> 127.0.0.1:40000 ssrc=0x00001234"), output());
        assertTrue(output().contains("packets 150"), output());
        assertTrue(output().contains("sequence gaps 0 (lost 0)  sequence jumps 0  timestamp jumps 0  markers 1"),
                output());
        assertTrue(output().contains("speech 2.00 s"), output());
    }

    @Test
    void pcapngAsTsharkWritesItGivesTheSameResult() throws IOException {
        assertEquals(0, run(goodCall(LinkLayer.LINUX_SLL2).pcapng(), "--require-speech-seconds", "1.9",
                "--max-p99-ms", "1"), output());
        assertTrue(output().contains("packets 150"), output());
        assertTrue(output().contains("speech 2.00 s"), output());
    }

    @Test
    void gapsJumpsAndLatePacketsAreCountedAndFailTheCheck() throws IOException {
        CaptureWriter w = new CaptureWriter(LinkLayer.LINUX_SLL);
        int seq = 100;
        int ts = 0;
        long t = T0;
        for (int n = 0; n < 100; n++) {
            if (n == 30) {
                seq += 2; // two packets lost
                ts += 2 * 160;
            }
            if (n == 60) {
                ts += 800; // timestamp jump inside the talkspurt
            }
            long late = n % 10 == 5 ? 6 * MS : 0;
            w.udp(t + late, 20000, 40000, rtp(seq, ts, n == 0, 0, tone(n, 8000)));
            seq++;
            ts += 160;
            t += 20 * MS;
        }
        assertEquals(1, run(w.pcap(), "--max-p99-ms", "1"));
        assertTrue(output().contains("sequence gaps 1 (lost 2)  sequence jumps 0  timestamp jumps 1  markers 1"),
                output());
        assertTrue(output().contains("FAIL: inter-arrival p99 6.000 ms > max 1.000 ms"), output());
    }

    @Test
    void silentStreamFailsTheSpeechRequirement() throws IOException {
        CaptureWriter w = new CaptureWriter(LinkLayer.RAW);
        for (int n = 0; n < 50; n++) {
            w.udp(T0 + n * 20 * MS, 20002, 40002, rtp(n, n * 160, false, 0, tone(n, 20)));
        }
        assertEquals(1, run(w.pcap(), "--require-speech-seconds", "0.5"));
        assertTrue(output().contains("speech 0.00 s"), output());
    }

    @Test
    void telephoneEventsInTheStreamAreNotTimestampJumps() throws IOException {
        CaptureWriter w = new CaptureWriter(LinkLayer.RAW);
        int seq = 0;
        for (int n = 0; n < 20; n++, seq++) {
            boolean dtmf = n >= 5 && n < 10;
            byte[] payload = dtmf ? new byte[] {1, (byte) (n == 9 ? 0x8a : 0x0a), 0, (byte) 160} : tone(n, 8000);
            w.udp(T0 + n * 20 * MS, 20000, 40000, rtp(seq, dtmf ? 5 * 160 : n * 160, n == 0 || n == 5, dtmf ? 101 : 0,
                    payload));
        }
        assertEquals(0, run(w.pcap(), "--max-p99-ms", "1"));
        assertTrue(output().contains("payload types {0=15, 101=5}"), output());
        assertTrue(output().contains("timestamp jumps 0"), output());
    }

    @Test
    void severalStreamsAreAlsoSummedUpTogether() throws IOException {
        CaptureWriter w = new CaptureWriter(LinkLayer.LINUX_SLL);
        for (int n = 0; n < 101; n++) {
            long late = n == 50 ? 3 * MS : 0; // one stream has one late frame: two intervals 3 ms off
            w.udp(T0 + n * 20 * MS, 20000, 40000, rtp(n, n * 160, n == 0, 0, tone(n, 8000)));
            w.udp(T0 + n * 20 * MS + late, 20002, 40002, rtp(n, n * 160, n == 0, 0, tone(n, 8000)));
        }
        assertEquals(1, run(w.pcap(), "--max-p99-ms", "2"));
        // 200 intervals: 198 on time, two 3 ms off; the late stream alone has p99 3 ms (2 of its 100 intervals).
        assertTrue(output().contains("all 2 streams: |inter-arrival - 20 ms| p50 0.000  p99 0.000  p99.9 3.000  "
                + "max 3.000 ms (200 intervals); 1 of them OK"), output());

        stdout.reset();
        assertEquals(1, run(w.pcap(), "--max-p99-ms", "2", "--json"));
        assertTrue(output().contains("\"allStreams\":{\"interArrivalDeviationMs\":{\"p50\":0.0000,\"p99\":0.0000,"
                + "\"p999\":3.0000,\"max\":3.0000,\"count\":200}}"), output());
    }

    @Test
    void jsonOutputCarriesEveryFigure() throws IOException {
        assertEquals(0, run(goodCall(LinkLayer.ETHERNET).pcap(), "--json"));
        String json = output().trim();
        assertTrue(json.startsWith("{\"streams\":[{\"source\":\"127.0.0.1:20000\""), json);
        for (String key : new String[] {"\"packets\":150", "\"payloadTypes\":{\"0\":150}",
                "\"payloadSizes\":{\"160\":150}", "\"sequenceGaps\":0", "\"timestampJumps\":0", "\"markers\":1",
                "\"p99\":", "\"speechSeconds\":2.0000", "\"ok\":true"}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
    }

    @Test
    void sourcePortFilterSelectsStreams() throws IOException {
        assertEquals(1, run(goodCall(LinkLayer.RAW).pcap(), "--src-ports", "30000-39999", "--max-p99-ms", "1"));
        assertTrue(output().contains("no RTP streams found"), output());
    }

    @Test
    void unreadableFileAndBadArgumentsExitWith2() throws IOException {
        assertEquals(2, run(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals(2, run(goodCall(LinkLayer.RAW).pcap(), "--max-p99-ms", "fast"));
    }

    @Test
    void truncatedCaptureIsAReadErrorNotACrash() throws IOException {
        byte[] full = goodCall(LinkLayer.RAW).pcap();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 7);
        assertEquals(2, run(cut));
    }
}
