package io.sayline.core.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.ControlConfig;
import io.sayline.core.bot.BuiltinBots;
import io.sayline.core.control.CloseCause;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpServerTest {
    private static final Event.Latency LATENCY = new Event.Latency(120, 90, 30, 0, 10);

    private final AtomicReference<HttpServer.Health> health = new AtomicReference<>(HttpServer.Health.STARTING);
    private EventLoopGroup group;
    private HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Like the real summary, with a java.time value: the JSON must carry it as ISO-8601 text. */
    public record CallSummary(String callId, String from, long durationMs, Instant startedAt) {
    }

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(2);
        server = HttpServer.builder()
                .bindAddress("127.0.0.1").port(0).groups(group, group)
                .health(health::get)
                .calls(() -> List.of(new CallSummary("c1", "sip:alice@example.com", 1500,
                        Instant.parse("2026-12-05T10:15:30.123Z"))))
                .metrics(() -> "# TYPE sayline_calls_active gauge\nsayline_calls_active 1\n")
                .bots(BuiltinBots.all())
                .build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void healthIsStartingThenOkThenDraining() throws Exception {
        assertResponse(get("/health"), 503, "{\"status\":\"starting\"}");
        health.set(HttpServer.Health.OK);
        assertResponse(get("/health"), 200, "{\"status\":\"ok\"}");
        health.set(HttpServer.Health.DRAINING);
        assertResponse(get("/health"), 503, "{\"status\":\"draining\"}");
    }

    @Test
    void readyFollowsTheStateWhileLiveStaysUpForOrchestrators() throws Exception {
        assertResponse(get("/health/ready"), 503, "{\"status\":\"starting\"}");
        assertResponse(get("/health/live"), 200, "{\"status\":\"live\"}");
        health.set(HttpServer.Health.OK);
        assertResponse(get("/health/ready"), 200, "{\"status\":\"ok\"}");
        health.set(HttpServer.Health.DRAINING);
        assertResponse(get("/health/ready"), 503, "{\"status\":\"draining\"}");
        assertResponse(get("/health/live"), 200, "{\"status\":\"live\"}");
    }

    @Test
    void callsAreAJsonArray() throws Exception {
        HttpResponse<String> response = get("/calls");

        assertResponse(response, 200, "[{\"callId\":\"c1\",\"from\":\"sip:alice@example.com\",\"durationMs\":1500,"
                + "\"startedAt\":\"2026-12-05T10:15:30.123Z\"}]");
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void withATokenCallsAnswerOnlyTheBearerWhileHealthAndMetricsStayOpen() throws Exception {
        server.close();
        server = HttpServer.builder().bindAddress("127.0.0.1").port(0).groups(group, group).health(health::get)
                .calls(List::of).callsToken("s3cret").metrics(() -> "").bots(BuiltinBots.all()).build();
        server.start();
        HttpResponse<String> anonymous = get("/calls");
        assertEquals(401, anonymous.statusCode());
        assertEquals("Bearer realm=\"sayline\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, client.send(HttpRequest.newBuilder(url("/calls")).header("Authorization", "Bearer wrong")
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> bearer = client.send(HttpRequest.newBuilder(url("/calls"))
                .header("Authorization", "Bearer s3cret").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertResponse(bearer, 200, "[]");
        assertEquals(200, get("/metrics").statusCode());
        assertEquals(200, get("/health/live").statusCode());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics?x=1");

        assertResponse(response, 200, "# TYPE sayline_calls_active gauge\nsayline_calls_active 1\n");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertEquals(404, get("/nope").statusCode());
        assertEquals(404, get("/bots/nobody").statusCode());
    }

    @Test
    void postToAKnownPathIs405() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url("/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
    }

    @Test
    void botPathWithoutUpgradeIs426() throws Exception {
        assertEquals(426, get("/bots/demo").statusCode());
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String status = rawStatusLine("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");

        assertTrue(status.startsWith("HTTP/1.1 413"), status);
    }

    @Test
    void oversizedHeaderIsRefused() throws Exception {
        String status = rawStatusLine("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");

        assertTrue(status.matches("HTTP/1.1 4\\d\\d.*"), status);
    }

    @Test
    void demoBotGreetsReadsBackDigitsAndHangsUpAfterGoodbye() throws Exception {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        ControlChannel channel = ControlChannel.connect(group.next(), server.botUri("demo"), null,
                new ControlConfig(2000, 65536, 4000), new ControlChannel.Listener() {
                    @Override
                    public void onOpen() {
                        received.add("open");
                    }

                    @Override
                    public void onCommand(Command command) {
                        received.add(command);
                    }

                    @Override
                    public void onClosed(CloseCause cause) {
                        received.add(cause);
                    }
                });
        channel.send(Event.SessionStart.builder().callId("c1").from("sip:alice@example.com").to("sip:demo@sayline")
                .sipCallId("abc@host").headers(Map.of()).codec("PCMU").tts("embedded", "kevin16").build());
        assertEquals("open", next(received));

        List<Command.Say> greeting = new ArrayList<>();
        do {
            greeting.add((Command.Say) next(received));
        } while (!greeting.get(greeting.size() - 1).last());
        assertTrue(greeting.size() > 1, "greeting is streamed as tokens");
        assertTrue(greeting.stream().allMatch(s -> s.utteranceId().equals("greeting")));
        channel.send(new Event.SpeechDone("greeting", 6000, LATENCY));

        channel.send(new Event.Dtmf("1", 100));
        channel.send(new Event.Dtmf("2", 100));
        channel.send(new Event.Dtmf("#", 100));
        Command.Say readBack = (Command.Say) next(received);
        Command.Say goodbye = (Command.Say) next(received);
        assertEquals("You pressed 1, 2.", readBack.text());
        assertEquals("Goodbye.", goodbye.text());

        channel.send(new Event.SpeechDone(readBack.utteranceId(), 1500, LATENCY));
        channel.send(new Event.SpeechDone(goodbye.utteranceId(), 800, LATENCY));
        assertEquals(new Command.Hangup("demo finished"), next(received));

        channel.send(new Event.SessionEnd(Event.EndReason.BOT_HANGUP, 9000));
        channel.close();
        assertEquals(CloseCause.CLOSED_LOCALLY, next(received));
    }

    private static Object next(BlockingQueue<Object> queue) throws InterruptedException {
        Object item = queue.poll(5, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing received");
        }
        return item;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private String rawStatusLine(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static void assertResponse(HttpResponse<String> response, int status, String body) {
        assertEquals(status, response.statusCode());
        assertEquals(body, response.body());
    }
}
