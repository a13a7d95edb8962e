package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Event.EndReason;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.RtpCapture;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.load.MetricsScrape;
import io.sayline.tools.sipp.SippFiles;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sayline.rtp.packet.RtpPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DTMF both ways, end to end (issue #5): SIPp replays its bundled RFC 4733 captures, a JAIN SIP caller
 * sends SIP INFO, and a bot's {@code dtmf} command reaches the caller's RTP capture as telephone events.
 */
class DtmfEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** RFC 4733 section 2.3: event, E|R|volume, duration; the E bit marks the end of the event. */
    private static final int END_BIT = 0x80;
    /** RFC 4733 section 2.5.1.4: the final packet of an event is sent three times. */
    private static final int END_PACKETS = 3;

    @TempDir
    static Path dir;
    private static TestBot bot;
    private static E2eServer sayline;

    @BeforeAll
    static void startAll() throws Exception {
        bot = new TestBot();
        sayline = E2eServer.start(dir, "34400-34599", E2eServer.yaml(null, bot.url(), ""));
    }

    @AfterAll
    static void stopAll() throws Exception {
        E2eServer.closeAll(sayline, bot);
    }

    @Test
    void sippRfc4733CapturesReachTheBotOnceEachInOrder() throws Exception {
        Path scenario = Sipp.scenario("uac_dtmf.xml", dir);
        Sipp.binary(); // skips (or fails under CI=true) before anything starts when SIPp is missing
        CompletableFuture<Sipp.Result> sipp = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(dir, 30, "-sf", scenario.toString(), "-s", "dtmf", "-m", "1",
                        "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                        "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + sayline.sipPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TestBot.Session session = bot.awaitSession();
        session.await(Event.SessionStart.class, WAIT);
        List<Event.Dtmf> digits = new ArrayList<>();
        Event.SessionEnd end;
        while (true) {
            Event event = session.await(e -> e instanceof Event.Dtmf || e instanceof Event.SessionEnd,
                    Duration.ofSeconds(20));
            if (event instanceof Event.SessionEnd e) {
                end = e;
                break;
            }
            digits.add((Event.Dtmf) event);
        }
        Sipp.Result result = sipp.join();
        assertEquals(0, result.exitCode(), "SIPp: " + result.tail());
        assertEquals(EndReason.CALLER_HANGUP, end.reason());
        assertEquals(List.of("1", "2", "3"), digits.stream().map(Event.Dtmf::digit).toList(),
                "each digit once, in order: " + digits);
        for (Event.Dtmf digit : digits) {
            assertTrue(digit.durationMs() > 0, "a duration from the end packet: " + digit);
        }
    }

    @Test
    void sipInfoDigitReachesTheBot() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "info")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            caller.info('5');
            Event.Dtmf digit = session.await(Event.Dtmf.class, WAIT);
            assertEquals("5", digit.digit());
            assertEquals(160, digit.durationMs(), "Duration=160 from the INFO body");
            caller.bye();
        }
    }

    @Test
    void botDigitsReachTheCallerAsRfc4733EventsWithThreeEndPacketsEach() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "digits")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            // Media runs once Sayline has the ACK; see digitsSentBeforeTheCallersAckAreSentOnceMediaStarts.
            Await.until(() -> !caller.rtp.packets().isEmpty(), WAIT, "RTP from Sayline");
            session.send(new Command.Dtmf("12#"));
            try {
                Await.until(() -> endPackets(caller.rtp.packets()) >= 3 * END_PACKETS, WAIT,
                        "three events with their end packets");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; events " + session.pending() + "; " + eventPackets(caller), e);
            }
            // A stray fourth end packet would follow the third at once: wait until the stream has gone on.
            caller.rtp.awaitArrivalsAfter(lastEndPacketNanos(caller.rtp.packets()), 5, WAIT);

            Map<Long, List<RtpCapture.Received>> events = new LinkedHashMap<>();
            for (RtpCapture.Received packet : caller.rtp.packets()) {
                if (packet.payloadType() == Caller.TELEPHONE_EVENT_PT) {
                    events.computeIfAbsent(packet.timestamp(), t -> new ArrayList<>()).add(packet);
                }
            }
            assertEquals(3, events.size(), "one timestamp per event: " + events.keySet());
            List<Integer> codes = new ArrayList<>();
            for (List<RtpCapture.Received> event : events.values()) {
                int code = event.get(0).data()[12] & 0xFF;
                codes.add(code);
                assertTrue(event.get(0).marker(), "the first packet of an event has the marker bit");
                long ends = event.stream().filter(p -> (p.data()[13] & END_BIT) != 0).count();
                assertEquals(END_PACKETS, ends, "end packets of event " + code);
                for (RtpCapture.Received packet : event) {
                    assertEquals(code, packet.data()[12] & 0xFF, "one event code per timestamp");
                }
            }
            assertEquals(List.of(1, 2, 11), codes, "1, 2, # (RFC 4733 section 3.2: # is 11)");
            caller.bye();
        }
    }

    @Test
    void digitsSentBeforeTheCallersAckAreSentOnceMediaStarts() throws Exception {
        try (Caller caller = Caller.dialWithoutAck(sayline.sipPort(), "digits-early")) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            // session.start goes out when the INVITE is answered, so a quick bot's command can beat the ACK
            // (a say is held until media starts; digits should be too).
            session.send(new Command.Dtmf("9"));
            // Commands are handled in order, and a mark with nothing queued is answered at once: once it is
            // back, the digit has been handled, before the ACK.
            session.send(new Command.Mark("dtmf-handled"));
            session.await(Event.Mark.class, WAIT);
            caller.ack();
            try {
                Await.until(() -> endPackets(caller.rtp.packets()) >= END_PACKETS, Duration.ofSeconds(3),
                        "the digit's end packets");
            } catch (AssertionError e) {
                throw new AssertionError("a dtmf command sent right after session.start (before Sayline saw the"
                        + " ACK) was not sent although the offer had telephone-event " + Caller.TELEPHONE_EVENT_PT
                        + "; events " + session.pending() + "; " + eventPackets(caller), e);
            }
            caller.bye();
        }
    }

    @Test
    void keyPressesAndAudioInjectedFromASecondSourceAreNotHeardButCounted() throws Exception {
        try (Caller caller = Caller.dial(sayline.sipPort(), "injected");
             DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, WAIT);
            Await.until(() -> !caller.rtp.packets().isEmpty(), WAIT, "RTP from Sayline");
            long foreignBefore = droppedForeignSource();
            // The attacker even copies the caller's SSRC (Caller sends 0x12345678): only the source address tells.
            List<byte[]> injected = new ArrayList<>(keyPress(7, 0x12345678, 1));
            for (int i = 0; i < 10; i++) {
                injected.add(bytes(RtpPacket.builder().payloadType(0).sequenceNumber(100 + i)
                        .timestamp(160 * i).ssrc(0x12345678).payload(new byte[160]).build()));
            }
            for (byte[] datagram : injected) {
                attacker.send(new java.net.DatagramPacket(datagram, datagram.length, caller.saylineRtp()));
            }
            Await.until(() -> droppedForeignSource() - foreignBefore >= injected.size(), WAIT,
                    "every injected datagram dropped and counted");
            for (byte[] datagram : keyPress(1, 0x12345678, 500)) {
                caller.rtp.send(datagram, caller.saylineRtp());
            }
            Event.Dtmf heard = session.await(Event.Dtmf.class, WAIT);
            assertEquals("1", heard.digit(), "the caller's own key, not the injected 7");
            caller.bye();
            Event next = session.await(e -> e instanceof Event.Dtmf || e instanceof Event.SessionEnd, WAIT);
            assertTrue(next instanceof Event.SessionEnd, "no other key press reached the bot: " + next);
        }
    }

    private static long droppedForeignSource() {
        return MetricsScrape.parse(sayline.server().metrics().render())
                .getOrDefault("sayline_rtp_dropped_total{direction=\"in\",reason=\"foreign-source\"}", 0.0).longValue();
    }

    private static byte[] bytes(RtpPacket packet) {
        ByteBuf buf = Unpooled.buffer();
        packet.encodeTo(buf);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    /** One RFC 4733 key press: a start packet with the marker, then three end packets (§2.5.1.4). */
    private static List<byte[]> keyPress(int event, int ssrc, int sequence) {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 1 + END_PACKETS; i++) {
            boolean end = i > 0;
            int duration = end ? 800 : 160;
            byte[] payload = {(byte) event, (byte) (end ? END_BIT | 10 : 10), (byte) (duration >> 8), (byte) duration};
            packets.add(bytes(RtpPacket.builder().payloadType(Caller.TELEPHONE_EVENT_PT)
                    .sequenceNumber(sequence + i).timestamp(80_000).ssrc(ssrc).marker(i == 0).payload(payload).build()));
        }
        return packets;
    }

    /** The telephone-event packets received, as {@code code/E/duration@timestamp}, for failure messages. */
    private static String eventPackets(Caller caller) {
        StringBuilder out = new StringBuilder("RTP payload types " + caller.rtp.packets().stream()
                .map(RtpCapture.Received::payloadType).distinct().toList() + ", events:");
        for (RtpCapture.Received p : caller.rtp.packets()) {
            if (p.payloadType() == Caller.TELEPHONE_EVENT_PT && p.payloadLength() >= 4) {
                out.append(' ').append(p.data()[12] & 0xFF).append((p.data()[13] & END_BIT) != 0 ? "/E" : "")
                        .append('/').append(((p.data()[14] & 0xFF) << 8) | (p.data()[15] & 0xFF))
                        .append('@').append(p.timestamp());
            }
        }
        return out.toString();
    }

    private static long lastEndPacketNanos(List<RtpCapture.Received> packets) {
        return packets.stream().filter(DtmfEndToEndTest::isEndPacket).mapToLong(RtpCapture.Received::arrivalNanos)
                .max().orElseThrow();
    }

    private static long endPackets(List<RtpCapture.Received> packets) {
        return packets.stream().filter(DtmfEndToEndTest::isEndPacket).count();
    }

    /** A telephone-event packet with the E bit: the end of an event (RFC 4733 section 2.5.1.4). */
    private static boolean isEndPacket(RtpCapture.Received p) {
        return p.payloadType() == Caller.TELEPHONE_EVENT_PT && p.payloadLength() >= 4 && (p.data()[13] & END_BIT) != 0;
    }


}
