package io.sayline.tools.bots;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.config.ControlConfig;
import io.sayline.core.control.CloseCause;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example bots over a real loopback WebSocket, reached the way Sayline reaches them: a ControlChannel. */
class BotServerTest {
    private static final ControlConfig CONTROL = new ControlConfig(3000, 65536, 4000);

    private final EventLoopGroup callLoops = new NioEventLoopGroup(1);
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final List<String> printed = new ArrayList<>();
    private BotServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        callLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    @Test
    void ivrBotGreetsAndOffersTheMenuOverSaylineV1() throws Exception {
        server = BotServer.start("127.0.0.1", 0, IvrBot.NAME, IvrBot::new);
        assertTrue(server.uri().toString().endsWith("/bots/ivr"), server.uri().toString());
        ControlChannel channel = connect();
        channel.send(sessionStart());

        assertEquals(new Command.Transcribe(true, null, null), next());
        assertEquals(IvrBot.GREETING, ((Command.Say) next()).text());
        assertEquals(IvrBot.MENU, ((Command.Say) next()).text());
        assertTrue(next() instanceof Command.Mark);

        channel.send(new Event.Dtmf("#", 100));
        assertEquals(IvrBot.GOODBYE, ((Command.Say) next()).text());
        assertEquals(new Command.Mark(IvrBot.HANGUP_MARK), next());
        channel.send(new Event.Mark(IvrBot.HANGUP_MARK));
        assertTrue(next() instanceof Command.Hangup);
        channel.close();
    }

    @Test
    void relayBotSpeaksALineHandedToItsLoop() throws Exception {
        RelayHub hub = new RelayHub(problem -> { });
        server = BotServer.start("127.0.0.1", 0, RelayBot.NAME, () -> new RelayBot(hub, printed::add));
        ControlChannel channel = connect();
        channel.send(sessionStart());
        awaitConnected(hub);

        server.loop().execute(() -> hub.relay("hi there"));

        assertEquals(Command.Say.token("line-1", "hi ", false), next());
        assertEquals(Command.Say.token("line-1", "there ", false), next());
        assertEquals(Command.Say.token("line-1", "", true), next());
        channel.close();
    }

    private ControlChannel connect() {
        return ControlChannel.connect(callLoops.next(), server.uri(), null, CONTROL, new ControlChannel.Listener() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onCommand(Command command) {
                commands.add(command);
            }

            @Override
            public void onClosed(CloseCause cause) {
            }
        });
    }

    private void awaitConnected(RelayHub hub) throws Exception {
        Await.until(() -> connectedBots(hub) > 0, Duration.ofSeconds(5), "the relay bot got session.start");
    }

    /** The hub's count, read on the server's loop where the hub lives. */
    private int connectedBots(RelayHub hub) {
        try {
            return server.loop().submit(hub::connected).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server's loop did not answer", e);
        }
    }

    private Command next() throws InterruptedException {
        Command command = commands.poll(5, TimeUnit.SECONDS);
        assertNotNull(command, "no command within 5 s");
        return command;
    }

    private static Event.SessionStart sessionStart() {
        return Event.SessionStart.builder().callId("c1").from("sip:a@127.0.0.1").to("sip:ivr@127.0.0.1")
                .sipCallId("x").headers(Map.of()).codec("PCMU").tts("embedded", "kevin16").build();
    }
}
