package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.sayline.config.CommandLine;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.server.SaylineServer;
import io.sayline.core.testing.RtpCapture;
import io.sayline.core.testing.TestBot;
import io.sayline.sip.TestUac;
import io.sayline.tools.elsim.ElevenLabsSimulator;
import io.sayline.tools.elsim.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.message.Request;
import org.slf4j.LoggerFactory;

/**
 * One Sayline, one ElevenLabs simulator and one {@link TestBot} shared by a test class: each {@code tts:}
 * block is reached by dialing its name (a route per block), so a class covers every vendor mode with one
 * server start. Every ElevenLabs block falls back to the embedded engine, named {@value #FALLBACK}.
 */
final class VendorCalls implements AutoCloseable {
    static final String API_KEY = "sk-e2e-secret-4f1c9a";
    static final String VOICE = "voice-e2e";
    static final String FALLBACK = "embedded";
    /** A level no silence or comfort noise reaches: G.711 frames louder than this carry the simulator's tones. */
    static final double SPEECH_LEVEL = 300;

    final ElevenLabsSimulator sim;
    final TestBot bot;
    final SaylineServer server;
    private final Path configFile;
    /** Every log event of the process while this fixture is up, to prove the key never reaches a log line. */
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    /**
     * @param rtpPorts this class's own RTP range
     * @param blocks   tts block name → YAML map body of the block's own keys (provider, key, voice, base URL
     *                 and fallback are added, the key and base URL unless the body sets them)
     */
    VendorCalls(String rtpPorts, Map<String, String> blocks) throws Exception {
        this(rtpPorts, blocks, "");
    }

    /** As above, {@code extraYaml} (top-level blocks such as {@code admin:}) appended to the file. */
    VendorCalls(String rtpPorts, Map<String, String> blocks, String extraYaml) throws Exception {
        log.start();
        root().addAppender(log);
        sim = ElevenLabsSimulator.builder().port(0).apiKey(API_KEY).signal("tones:1000,2000").build().start();
        bot = new TestBot();
        configFile = Files.createTempFile("sayline-e2e", ".yaml");
        Files.writeString(configFile, yaml(blocks) + extraYaml);
        server = SaylineServer.start(CommandLine.parse("--bind", "127.0.0.1", "--sip-port", "0", "--http-port", "0",
                "--rtp-ports", rtpPorts, "--config", configFile.toString()).load(Map.of()));
    }

    private String yaml(Map<String, String> blocks) {
        StringBuilder y = new StringBuilder("routes:\n");
        blocks.keySet().forEach(name -> y.append("  - { match: \"^").append(name).append("$\", bot: \"")
                .append(bot.url()).append("\", tts: ").append(name).append(" }\n"));
        y.append("tts:\n  ").append(FALLBACK).append(": { provider: embedded }\n");
        blocks.forEach((name, body) -> {
            y.append("  ").append(name).append(": { provider: elevenlabs, voiceId: ").append(VOICE)
                    .append(", fallback: ").append(FALLBACK).append(", ");
            if (!body.contains("apiKey:")) {
                y.append("apiKey: \"").append(API_KEY).append("\", ");
            }
            if (!body.contains("baseUrl:")) {
                y.append("baseUrl: \"").append(sim.httpBase()).append("\", ");
            }
            y.append(body).append(" }\n");
        });
        return y.toString();
    }

    /** Dials {@code block}, answers, and waits for the bot's session.start. */
    Call dial(String block) throws Exception {
        TestUac uac = new TestUac(server.sipPort(), "udp");
        RtpCapture caller = new RtpCapture();
        try {
            uac.send(uac.request(Request.INVITE, block, offer(caller.port())));
            ResponseEvent ok = uac.awaitResponse(200);
            assertNotNull(ok, "no 200 OK for " + block);
            uac.ack(ok, null);
            TestBot.Session session = bot.awaitSession();
            session.await(Event.SessionStart.class, Duration.ofSeconds(5));
            return new Call(uac, caller, ok.getDialog(), session);
        } catch (Exception | AssertionError e) {
            caller.close();
            uac.close();
            throw e;
        }
    }

    /** What the simulator received on paths under the voice, without the admin requests. */
    List<RecordedRequest> received() {
        return sim.received().stream().filter(r -> r.path() != null && r.path().startsWith("/v1/"))
                .collect(Collectors.toList());
    }

    /** Log lines (message, arguments and stack traces) so far that contain {@code secret}. */
    List<String> logLinesContaining(String secret) {
        List<String> hits = new java.util.ArrayList<>();
        for (ILoggingEvent event : List.copyOf(log.list)) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            if (line.contains(secret)) {
                hits.add(line);
            }
        }
        return hits;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void close() throws Exception {
        root().detachAppender(log);
        server.close();
        bot.close();
        sim.close();
        Files.deleteIfExists(configFile);
    }

    static String offer(int rtpPort) {
        return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
    }


    static Map<String, String> blocks(String... nameThenBody) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBody.length; i += 2) {
            m.put(nameThenBody[i], nameThenBody[i + 1]);
        }
        return m;
    }

    /** One answered call: the caller's SIP side and RTP socket, and the bot's session. */
    record Call(TestUac uac, RtpCapture caller, Dialog dialog, TestBot.Session bot) implements AutoCloseable {
        long speechFrames() {
            return caller.framesLouderThan(SPEECH_LEVEL);
        }

        @Override
        public void close() throws Exception {
            try {
                uac.sendInDialog(dialog, dialog.createRequest(Request.BYE));
                uac.awaitResponse(200);
            } finally {
                caller.close();
                uac.close();
            }
        }
    }
}
