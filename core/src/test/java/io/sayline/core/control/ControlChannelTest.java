package io.sayline.core.control;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.sayline.config.ControlConfig;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.ControlCodec;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.control.protocol.Interruptible;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlChannelTest {
    private static final ControlConfig CONFIG = new ControlConfig(2000, 1024, 4000);

    private EventLoopGroup callLoops;
    private EventLoop loop;
    private LoopbackBotServer bot;
    private Recorder recorder;

    @BeforeEach
    void start() throws InterruptedException {
        callLoops = new NioEventLoopGroup(1);
        loop = callLoops.next();
        bot = new LoopbackBotServer(ControlChannel.SUBPROTOCOL);
        recorder = new Recorder();
    }

    @AfterEach
    void stop() {
        bot.close();
        callLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void handshakeOffersSaylineSubprotocolAndBearerToken() throws Exception {
        ControlChannel.connect(loop, bot.uri(), "s3cret", CONFIG, recorder);

        assertEquals("open", recorder.next());
        WebSocketServerProtocolHandler.HandshakeComplete handshake = bot.handshakes.poll(5, TimeUnit.SECONDS);
        assertEquals("sayline.v1", handshake.selectedSubprotocol());
        assertEquals("Bearer s3cret", handshake.requestHeaders().get("Authorization"));
        assertTrue(recorder.allOnLoop, "listener called off the call loop");
    }

    @Test
    void hostNameResolvesWithoutBlockingTheLoop() throws Exception {
        URI byName = URI.create(bot.uri().toString().replace("127.0.0.1", "localhost"));
        ControlChannel.connect(loop, byName, null, CONFIG, recorder);

        assertEquals("open", recorder.next());
    }

    @Test
    void noTokenSendsNoAuthorizationHeader() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);

        assertEquals("open", recorder.next());
        assertNull(bot.handshakes.poll(5, TimeUnit.SECONDS).requestHeaders().get("Authorization"));
    }

    @Test
    void eventsSentBeforeOpenArriveInOrderAfterHandshake() throws Exception {
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        channel.send(Event.SessionStart.builder().callId("c1").tts("embedded", "kevin16").build());
        channel.send(new Event.Dtmf("5", 80));

        assertTrue(bot.nextText().contains("\"session.start\""));
        assertTrue(bot.nextText().contains("\"dtmf\""));
    }

    @Test
    void botCommandsReachListenerWithGeneratedUtteranceIds() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();

        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"Hel\",\"last\":false}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"lo.\"}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"Next.\"}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"hangup\",\"reason\":\"bye\"}"));

        assertEquals(new Command.Say("Hel", "sayline-u1", false, Interruptible.ANY, false), recorder.next());
        assertEquals(new Command.Say("lo.", "sayline-u1", true, Interruptible.ANY, false), recorder.next());
        assertEquals(new Command.Say("Next.", "sayline-u2", true, Interruptible.ANY, false), recorder.next());
        assertEquals(new Command.Hangup("bye"), recorder.next());
    }

    @Test
    void binaryFrameGetsErrorEventAndChannelStaysOpen() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();

        server.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[]{1, 2, 3})));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"clear\"}"));

        assertEquals("binary_frame", errorCode(bot.nextText()));
        assertEquals(new Command.Clear(), recorder.next());
    }

    @Test
    void oversizedFrameGetsErrorEventAndChannelStaysOpen() throws Exception {
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();

        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"say\",\"text\":\"" + "a".repeat(2000) + "\"}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"clear\"}"));

        assertEquals("frame_too_large", errorCode(bot.nextText()));
        assertEquals(new Command.Clear(), recorder.next());
        assertEquals(1, stats(channel).invalidFrames());
    }

    @Test
    void oversizedFragmentedMessageGetsErrorEventAndChannelStaysOpen() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();

        server.write(new TextWebSocketFrame(false, 0, "{\"type\":\"say\",\"text\":\""));
        server.write(new ContinuationWebSocketFrame(false, 0, "b".repeat(800)));
        server.write(new ContinuationWebSocketFrame(false, 0, "b".repeat(800)));
        server.write(new ContinuationWebSocketFrame(true, 0, "\"}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"mark\",\"name\":\"after\"}"));

        assertEquals("frame_too_large", errorCode(bot.nextText()));
        assertEquals(new Command.Mark("after"), recorder.next());
    }

    @Test
    void commandFragmentedAtEveryByteArrivesWhole() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();
        byte[] json = "{\"type\":\"mark\",\"name\":\"café\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        for (int split = 1; split < json.length; split++) {
            server.write(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer(json, 0, split)));
            server.writeAndFlush(new ContinuationWebSocketFrame(true, 0,
                    Unpooled.copiedBuffer(json, split, json.length - split)));
        }

        for (int split = 1; split < json.length; split++) {
            assertEquals(new Command.Mark("café"), recorder.next(), "split at byte " + split);
        }
    }

    @Test
    void frameBeyondTheHardCapDropsTheConnection() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());

        bot.nextConnection().writeAndFlush(new TextWebSocketFrame(
                "x".repeat(CONFIG.maxFrameBytes() * ControlChannel.HARD_FRAME_CAP_FACTOR + 1)));

        assertEquals(CloseCause.DROPPED, recorder.next());
    }

    @Test
    void invalidCommandGetsErrorEventWithRefAndChannelStaysOpen() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        Channel server = bot.nextConnection();

        server.writeAndFlush(new TextWebSocketFrame("not json"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"say\",\"last\":false}"));
        server.writeAndFlush(new TextWebSocketFrame("{\"type\":\"clear\"}"));

        assertEquals("invalid_json", errorCode(bot.nextText()));
        Event.Error missing = (Event.Error) ControlCodec.decodeEvent(bot.nextText()).value();
        assertEquals("missing_field", missing.code());
        assertEquals("say", missing.ref());
        assertEquals(new Command.Clear(), recorder.next());
    }

    @Test
    void refusedConnectionReportsConnectFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ControlChannel.connect(loop, URI.create("ws://127.0.0.1:" + closedPort + "/bot"), null, CONFIG, recorder);

        assertEquals(CloseCause.CONNECT_FAILED, recorder.next());
    }

    @Test
    void silentServerReportsConnectFailedAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ControlConfig quick = new ControlConfig(200, 1024, 4000);
            long start = System.nanoTime();
            ControlChannel.connect(loop, URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/bot"),
                    null, quick, recorder);

            assertEquals(CloseCause.CONNECT_FAILED, recorder.next());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    @Test
    void botWithoutSaylineSubprotocolFailsToConnect() throws Exception {
        try (LoopbackBotServer other = new LoopbackBotServer("other.v2")) {
            ControlChannel.connect(loop, other.uri(), null, CONFIG, recorder);

            assertEquals(CloseCause.CONNECT_FAILED, recorder.next());
        }
    }

    @Test
    void notAWebSocketUrlReportsConnectFailed() throws Exception {
        ControlChannel.connect(loop, URI.create("http://127.0.0.1:1/bot"), null, CONFIG, recorder);

        assertEquals(CloseCause.CONNECT_FAILED, recorder.next());
    }

    @Test
    void botNormalCloseReportsClosedByBot() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());

        bot.nextConnection().writeAndFlush(new CloseWebSocketFrame(1000, "done"));

        assertEquals(CloseCause.CLOSED_BY_BOT, recorder.next());
        assertEquals(1000, bot.closeStatuses.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void botErrorCloseReportsDropped() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());

        bot.nextConnection().writeAndFlush(new CloseWebSocketFrame(1011, "crash"));

        assertEquals(CloseCause.DROPPED, recorder.next());
    }

    @Test
    void aBotThatStopsReadingIsDisconnectedOnceAMebibyteOfEventsWaitsForIt() throws Exception {
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        bot.nextConnection().config().setAutoRead(false); // the bot's process is stuck: its socket fills up

        Event.Dtmf event = new Event.Dtmf("5", 80);
        int batches = 0;
        while (recorder.events.isEmpty() && batches++ < 2_000) { // at most 2 million events, about 90 MB
            loop.submit(() -> {
                for (int i = 0; i < 1_000; i++) {
                    channel.send(event);
                }
            }).get();
        }
        assertEquals(CloseCause.NOT_READING, recorder.next(), "after " + batches + " thousand events");
        ControlChannel.Stats stats = loop.submit(channel::stats).get();
        assertTrue(stats.eventsDropped() > 0, "what waited for the bot was let go: " + stats);
    }

    @Test
    void socketLostWithoutCloseFrameReportsDropped() throws Exception {
        ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());

        bot.nextConnection().close();

        assertEquals(CloseCause.DROPPED, recorder.next());
    }

    @Test
    void localCloseSendsNormalClosureOnceAfterQueuedEvents() throws Exception {
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());

        channel.send(new Event.SessionEnd(Event.EndReason.BOT_HANGUP, 1234));
        channel.close();
        channel.close();

        assertTrue(bot.nextText().contains("session.end"));
        assertEquals(1000, bot.closeStatuses.poll(5, TimeUnit.SECONDS));
        assertEquals(CloseCause.CLOSED_LOCALLY, recorder.next());
        assertNull(recorder.events.poll(200, TimeUnit.MILLISECONDS), "onClosed must come once");
    }

    @Test
    void eventSentAfterCloseIsDroppedAndCounted() throws Exception {
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        assertEquals("open", recorder.next());
        channel.close();
        assertEquals(CloseCause.CLOSED_LOCALLY, recorder.next());

        channel.send(new Event.Mark("late"));

        assertEquals(1, stats(channel).eventsDropped());
    }

    @Test
    void closeBeforeTheConnectStartsReportsClosedLocallyAndConnectsNothing() throws Exception {
        ControlChannel channel = loop.submit(() -> {
            ControlChannel c = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
            c.send(new Event.Mark("never"));
            c.close(); // runs before the connect that connect() queued on this same loop
            return c;
        }).get(5, TimeUnit.SECONDS);

        assertEquals(CloseCause.CLOSED_LOCALLY, recorder.next());
        assertEquals(1, stats(channel).eventsDropped());
        assertEquals(0, stats(channel).eventsSent());
    }

    @Test
    void closeWhileTheHandshakeIsHeldReportsClosedLocallyClosesTheSocketAndSendsNothing() throws Exception {
        bot.holdHandshakes();
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        channel.send(Event.SessionStart.builder().callId("c1").tts("embedded", "kevin16").build());
        LoopbackBotServer.HeldHandshake held = bot.nextHeldHandshake(); // the upgrade request is in flight

        channel.close();

        assertEquals(CloseCause.CLOSED_LOCALLY, recorder.next());
        assertTrue(held.connection().closeFuture().await(5, TimeUnit.SECONDS), "the bot's socket was not closed");
        held.release(); // the 101 now goes to a closed socket
        drainLoop();
        assertNull(recorder.events.poll(), "nothing after onClosed, never onOpen");
        assertEquals(0, held.bytesSinceRequest(), "bytes sent after the upgrade request (a frame before the 101?)");
        assertEquals(1, stats(channel).eventsDropped(), "the queued session.start");
    }

    @Test
    void handshakeThatCompletesBeforeTheCloseOpensThenClosesWithNormalClosure() throws Exception {
        bot.holdHandshakes();
        ControlChannel channel = ControlChannel.connect(loop, bot.uri(), null, CONFIG, recorder);
        channel.send(new Event.Mark("queued"));
        bot.nextHeldHandshake().release();
        assertEquals("open", recorder.next());

        channel.close();

        assertTrue(bot.nextText().contains("queued"));
        assertEquals(1000, bot.closeStatuses.poll(5, TimeUnit.SECONDS));
        assertEquals(CloseCause.CLOSED_LOCALLY, recorder.next());
    }

    /** Returns once the loop has run everything queued on it so far. */
    private void drainLoop() throws Exception {
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private ControlChannel.Stats stats(ControlChannel channel) throws Exception {
        return loop.submit(channel::stats).get(5, TimeUnit.SECONDS);
    }

    private static String errorCode(String json) {
        return ((Event.Error) ControlCodec.decodeEvent(json).value()).code();
    }

    /** Records listener calls in order: "open", commands, close causes. */
    private final class Recorder implements ControlChannel.Listener {
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        volatile boolean allOnLoop = true;

        @Override
        public void onOpen() {
            check();
            events.add("open");
        }

        @Override
        public void onCommand(Command command) {
            check();
            events.add(command);
        }

        @Override
        public void onClosed(CloseCause cause) {
            check();
            events.add(cause);
        }

        Object next() throws InterruptedException {
            Object event = events.poll(5, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no listener call");
            }
            return event;
        }

        private void check() {
            allOnLoop &= loop.inEventLoop();
        }
    }
}
