package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sayline.core.testing.RtpCapture;
import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import io.sayline.sip.TestUac;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.message.Request;

/**
 * The caller in an end-to-end test: a JAIN SIP UAC that dials and ACKs, an {@link RtpCapture} for what
 * Sayline sends, which also sends the caller's own RTP (DTMF-free audio for barge-in) from the port the offer names.
 */
final class Caller implements AutoCloseable {
    /** The telephone-event payload type in our SDP offer. */
    static final int TELEPHONE_EVENT_PT = 101;
    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    final TestUac uac;
    final RtpCapture rtp;
    private ResponseEvent ok;
    private Dialog dialog;
    private InetSocketAddress saylineRtp;
    private int sequence;
    private long timestamp;

    private Caller(TestUac uac, RtpCapture rtp) {
        this.uac = uac;
        this.rtp = rtp;
    }

    /** INVITE with PCMU/PCMA/telephone-event 101, 200 OK, ACK. */
    static Caller dial(int sipPort, String user) throws Exception {
        Caller caller = dialWithoutAck(sipPort, user);
        try {
            caller.ack();
            return caller;
        } catch (Exception | AssertionError e) {
            caller.close();
            throw e;
        }
    }

    /** INVITE and its 200 OK; the test sends the {@link #ack()} when it wants media to start. */
    static Caller dialWithoutAck(int sipPort, String user) throws Exception {
        Caller caller = new Caller(new TestUac(sipPort, "udp"), new RtpCapture());
        try {
            caller.uac.send(caller.uac.request(Request.INVITE, user, offer(caller.rtp.port())));
            caller.ok = caller.uac.awaitResponse(200);
            caller.dialog = caller.ok.getDialog();
            String answer = new String(caller.ok.getResponse().getRawContent(), StandardCharsets.US_ASCII);
            Matcher port = AUDIO_PORT.matcher(answer);
            if (!port.find()) {
                throw new AssertionError("no m=audio in the answer: " + answer);
            }
            caller.saylineRtp = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port.group(1)));
            return caller;
        } catch (Exception | AssertionError e) {
            caller.close();
            throw e;
        }
    }

    /** Where Sayline receives this call's RTP (from its SDP answer). */
    InetSocketAddress saylineRtp() {
        return saylineRtp;
    }

    void ack() throws Exception {
        uac.ack(ok, null);
    }

    static String offer(int rtpPort) {
        return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 8 " + TELEPHONE_EVENT_PT + "\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\na=rtpmap:" + TELEPHONE_EVENT_PT + " telephone-event/8000\r\n"
                + "a=fmtp:" + TELEPHONE_EVENT_PT + " 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    Dialog dialog() {
        return dialog;
    }

    /** The caller hangs up and sees the BYE answered. */
    void bye() throws Exception {
        uac.sendInDialog(dialog, dialog.createRequest(Request.BYE));
        assertNotNull(uac.awaitResponse(200), "BYE answered");
    }

    /** A key press by SIP INFO (application/dtmf-relay, the Cisco format most PBXs send). */
    void info(char digit) throws Exception {
        Request info = dialog.createRequest(Request.INFO);
        info.setContent(("Signal=" + digit + "\r\nDuration=160\r\n").getBytes(StandardCharsets.US_ASCII),
                uac.headers.createContentTypeHeader("application", "dtmf-relay"));
        uac.sendInDialog(dialog, info);
        uac.awaitResponse(200);
    }

    /**
     * Sends {@code ms} of a sine at {@code hz} and {@code amplitude} as PCMU, one packet per 20 ms (paced on
     * this thread: end-to-end tests only).
     */
    void sendTone(double hz, int amplitude, int ms) throws Exception {
        int frames = ms / 20;
        long start = System.nanoTime();
        for (int f = 0; f < frames; f++) {
            byte[] packet = new byte[12 + MediaFrame.SAMPLES];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) (f == 0 ? 0x80 : 0x00);
            packet[2] = (byte) (sequence >> 8);
            packet[3] = (byte) sequence;
            packet[4] = (byte) (timestamp >> 24);
            packet[5] = (byte) (timestamp >> 16);
            packet[6] = (byte) (timestamp >> 8);
            packet[7] = (byte) timestamp;
            packet[8] = 0x12;
            packet[9] = 0x34;
            packet[10] = 0x56;
            packet[11] = 0x78;
            for (int i = 0; i < MediaFrame.SAMPLES; i++) {
                double t = (timestamp + i) / (double) MediaFrame.SAMPLE_RATE;
                packet[12 + i] = G711Codec.PCMU.encode((short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * t)));
            }
            rtp.send(packet, saylineRtp);
            sequence = (sequence + 1) & 0xFFFF;
            timestamp += MediaFrame.SAMPLES;
            long next = start + (f + 1) * 20_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    @Override
    public void close() {
        rtp.close();
        uac.close();
    }
}
