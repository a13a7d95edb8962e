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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtp-analyse --tones}: levels of known tones in a PCMU stream, and the tone requirements. */
class RtpAnalyserToneTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_000_000_000_000L;
    /** Each tone at 0.2 of full scale: −14.0 dBFS, as the simulator's four-tone signal. */
    private static final double TONE = 0.2 * 32768;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    /** 0.5 s silence, 2 s of 1 kHz + 2 kHz (+ a 3.3 kHz line at {@code leakDbfs}), 0.5 s silence. */
    private static byte[] capture(double leakDbfs) {
        CaptureWriter w = new CaptureWriter(LinkLayer.RAW);
        double leak = 32768 * Math.pow(10, leakDbfs / 20);
        for (int n = 0; n < 150; n++) {
            byte[] f = new byte[160];
            boolean speaking = n >= 25 && n < 125;
            for (int i = 0; i < 160; i++) {
                double t = (n * 160 + i) / 8000.0;
                double x = speaking ? TONE * Math.sin(2 * Math.PI * 1000 * t) + TONE * Math.sin(2 * Math.PI * 2000 * t)
                        + leak * Math.sin(2 * Math.PI * 3300 * t) : 0;
                f[i] = G711Codec.PCMU.encode((short) Math.round(x));
            }
            var buf = Unpooled.buffer();
            RtpPacket.builder().sequenceNumber(n).timestamp(n * 160).payloadType(0).ssrc(7).payload(f).build().encodeTo(buf);
            w.udp(T0 + n * 20 * MS, 20000, 40000, ByteBufUtil.getBytes(buf));
        }
        return w.pcap();
    }

    private int run(byte[] capture, String... options) throws IOException {
        return AnalyserCli.run(dir.resolve("tones.pcap"), capture, stdout, options);
    }

    @Test
    void twoEqualTonesReadMinus14DbfsAndAnEmptyFrequencyReadsFarBelowMinus60() throws IOException {
        int code = run(capture(-200), "--tones", "1000,2000", "--max-tone-spread", "1", "--max-level-at", "2700:-60",
                "--max-level-at", "3300:-60", "--json");
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);
        for (String hz : new String[] {"1000", "2000"}) {
            double db = level(out, hz);
            assertEquals(-14.0, db, 0.2, hz + " Hz in " + out);
        }
        assertTrue(level(out, "2700") < -75, out);
        assertTrue(out.contains("\"seconds\":1.88"), "2 s less 60 ms at each end: " + out);
    }

    @Test
    void aLineAboveTheLimitFailsTheStream() throws IOException {
        // −40 dBFS, not nearer the limit: 1 + 2 kHz at 8 kHz repeat every 8 samples, so a much weaker line
        // is μ-law quantised at 8 fixed operating points (steps of 128..256 there) and comes out a few dB off.
        int code = run(capture(-40), "--tones", "1000,2000", "--max-level-at", "3300:-60", "--json");
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(RtpAnalyser.EXIT_FAILED, code, out);
        assertTrue(out.contains("level at 3300 Hz -"), out);
        assertEquals(-40, level(out, "3300"), 1.5, out);
    }

    @Test
    void spreadWithoutTwoTonesIsAUsageError() throws IOException {
        assertEquals(RtpAnalyser.EXIT_USAGE, run(capture(-200), "--tones", "1000", "--max-tone-spread", "1"));
        assertEquals(RtpAnalyser.EXIT_USAGE, run(capture(-200), "--max-level-at", "9000:-60"));
    }

    private static double level(String json, String hz) {
        String key = "\"" + hz + "\":";
        int at = json.indexOf(key, json.indexOf("\"dbfs\""));
        int end = json.indexOf(json.indexOf(',', at) < json.indexOf('}', at) && json.indexOf(',', at) > 0 ? "," : "}", at);
        return Double.parseDouble(json.substring(at + key.length(), end));
    }
}
