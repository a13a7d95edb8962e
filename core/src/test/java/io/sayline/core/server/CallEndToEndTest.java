package io.sayline.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.CommandLine;
import io.sayline.config.SaylineConfig;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.RtpCapture;
import io.sayline.sip.TestUac;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real calls over loopback: a JAIN SIP UAC dials Sayline on its embedded defaults (FreeTTS, the demo bot
 * over a real WebSocket) and a plain UDP socket plays the caller's RTP endpoint.
 */
class CallEndToEndTest {
    private SaylineServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SaylineServer start(String... extraFlags) throws Exception {
        String[] base = {"--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0", "--rtp-ports", "31000-31199"};
        String[] flags = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extraFlags))
                .toArray(String[]::new);
        SaylineConfig config = CommandLine.parse(flags).load(Map.of());
        server = SaylineServer.start(config);
        return server;
    }

    /** Without the start-up warm-up, for tests that do not need it. */
    private SaylineServer startCold(Path dir) throws Exception {
        return start("--config", Files.writeString(dir.resolve("cold.yaml"), "rtp: { warmUp: false }\n").toString());
    }

    static String offer(int rtpPort) {
        return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    @Test
    void startUpWarmUpCallsSpeakAndLeaveNeitherCallsNorCountsBehind() throws Exception {
        start();
        long warmUpPackets = server.metrics().counter(SaylineServer.WARM_UP_PACKETS, "").value();
        assertTrue(warmUpPackets >= 50, "one warm-up call per loop speaks at least a second: " + warmUpPackets);
        assertEquals(0, server.calls().size());
        assertTrue(server.metrics().render().contains("sayline_calls_total 0\n"), server.metrics().render());
    }

    @Test
    void warmUpCanBeTurnedOff(@TempDir Path dir) throws Exception {
        startCold(dir);
        assertTrue(server.metrics().render().contains(SaylineServer.WARM_UP_PACKETS + " 0\n"), server.metrics().render());
        assertTrue(server.metrics().render().contains(SaylineServer.WARM_UP_VENDOR_UTTERANCES + " 0\n"),
                server.metrics().render());
    }

    @Test
    void startUpWarmUpRunsAnElevenLabsBlocksClientAgainstTheStandIn(@TempDir Path dir) throws Exception {
        // The block's own base URL is a closed port: every utterance counted went to the loopback stand-in.
        start("--config", Files.writeString(dir.resolve("eleven.yaml"), """
                tts:
                  eleven:
                    provider: elevenlabs
                    apiKey: sk-not-sent
                    baseUrl: http://127.0.0.1:1
                    voiceId: voice1
                    streaming: http
                    alignment: true
                    outputFormat: pcm_16000
                """).toString());
        long utterances = server.metrics().counter(SaylineServer.WARM_UP_VENDOR_UTTERANCES, "").value();
        assertEquals(2000, utterances);
        assertEquals(0, server.calls().size());
    }

    @Test
    void portsInUseAndDirectMemoryAreGaugesForLeakHunting(@TempDir Path dir) throws Exception {
        startCold(dir);
        String text = server.metrics().render();
        assertTrue(text.contains("# TYPE sayline_rtp_ports_in_use gauge\nsayline_rtp_ports_in_use 0.0\n"), text);
        assertTrue(text.contains("# TYPE sayline_direct_memory_bytes gauge\n"), text);
        // the HTTP server and the RTP sockets are up: Netty holds some direct memory already
        double direct = Double.parseDouble(text.lines().filter(l -> l.startsWith("sayline_direct_memory_bytes "))
                .findFirst().orElseThrow().substring("sayline_direct_memory_bytes ".length()));
        assertTrue(direct >= 0, "direct memory " + direct);
    }

    @Test
    void sipDatagramsDroppedUnansweredAreCountedInMetrics(@TempDir Path dir) throws Exception {
        startCold(dir);
        String counter = "sayline_sip_unparseable_total ";
        long before = counterValue(counter);
        try (java.net.DatagramSocket junk = new java.net.DatagramSocket()) {
            byte[] nul = new byte[4]; // no SIP message at all: the stack drops it without a word
            junk.send(new java.net.DatagramPacket(nul, nul.length, java.net.InetAddress.getLoopbackAddress(),
                    server.sipPort()));
        }
        Await.until(() -> counterValue(counter) > before, Duration.ofSeconds(5), counter + " counted");
        assertTrue(server.metrics().render().contains("# TYPE sayline_sip_requests_dropped_total counter\n"));
    }

    private long counterValue(String prefix) {
        return server.metrics().render().lines().filter(line -> line.startsWith(prefix))
                .mapToLong(line -> Long.parseLong(line.substring(prefix.length()))).findFirst().orElseThrow();
    }

    @Test
    void demoBotGreetingArrivesAsContinuousPcmuEveryTwentyMilliseconds() throws Exception {
        start();
        try (TestUac uac = new TestUac(server.sipPort(), "udp"); RtpCapture caller = new RtpCapture()) {
            ClientTransaction invite = uac.send(uac.request(Request.INVITE, "demo", offer(caller.port())));
            ResponseEvent ok = uac.awaitResponse(200);
            assertNotNull(ok, "no 200 OK");
            uac.ack(ok, null);
            Dialog dialog = ok.getDialog();

            Await.until(() -> speechFrames(caller.packets()) >= 75, Duration.ofSeconds(15), "1.5 s of speech");
            List<RtpCapture.Received> packets = caller.packets();
            assertTrue(packets.size() > 75, "packets: " + packets.size());
            for (int i = 0; i < packets.size(); i++) {
                RtpCapture.Received packet = packets.get(i);
                assertEquals(0, packet.payloadType(), "PCMU");
                assertEquals(160, packet.payloadLength());
                if (i > 0) {
                    assertEquals((packets.get(i - 1).sequence() + 1) & 0xFFFF, packet.sequence(), "sequence at " + i);
                    assertEquals((packets.get(i - 1).timestamp() + 160) & 0xFFFFFFFFL, packet.timestamp(), "timestamp at " + i);
                }
            }
            assertTrue(packets.stream().anyMatch(RtpCapture.Received::marker), "a talkspurt starts with the marker bit");
            long spanMs = TimeUnit.NANOSECONDS.toMillis(packets.get(packets.size() - 1).arrivalNanos() - packets.get(0).arrivalNanos());
            double meanInterval = spanMs / (double) (packets.size() - 1);
            assertTrue(Math.abs(meanInterval - 20) < 2, "mean interval " + meanInterval + " ms");
            assertEquals(1, server.calls().size());
            java.net.http.HttpResponse<String> calls = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/calls")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, calls.statusCode(), "GET /calls during a call: " + calls.body());
            assertTrue(calls.body().matches("\\[\\{.*\"startedAt\":\"20\\d\\d-.*Z\".*\\}\\]"), calls.body());

            uac.sendInDialog(dialog, dialog.createRequest(Request.BYE));
            assertNotNull(uac.awaitResponse(200), "BYE answered");
            Await.until(() -> server.calls().size() == 0, Duration.ofSeconds(5), "every call released");
        }
    }

    @Test
    void unreachableBotGetsTheCallerAnApologyAndABye() throws Exception {
        start("--bot", "ws://127.0.0.1:9/nobody");
        try (TestUac uac = new TestUac(server.sipPort(), "udp"); RtpCapture caller = new RtpCapture()) {
            uac.send(uac.request(Request.INVITE, "anyone", offer(caller.port())));
            ResponseEvent ok = uac.awaitResponse(200);
            uac.ack(ok, null);
            RequestEvent bye = uac.awaitRequest(Request.BYE);
            assertNotNull(bye, "Sayline hangs up after apologizing");
            assertTrue(speechFrames(caller.packets()) >= 50, "the apology was heard: " + speechFrames(caller.packets()));
            Await.until(() -> server.calls().size() == 0, Duration.ofSeconds(5), "every call released");
        }
    }

    static long speechFrames(List<RtpCapture.Received> packets) {
        return packets.stream().filter(p -> p.level() > 300).count();
    }

}
