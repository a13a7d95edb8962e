package io.sayline.tools.load;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sayline.config.ControlConfig;
import io.sayline.core.control.CloseCause;
import io.sayline.core.control.ControlChannel;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.tools.bots.BotServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the load bot's code in this JVM before the first call, as Sayline does with its own call path at start-up.
 * Cold, the bot fell 1.4 s behind 0.6 s into the calls of a 1,000-call run that passed, and in runs that did not,
 * the control channels of hundreds of calls waited past Sayline's 3 s connect timeout and those calls failed as "bot
 * unavailable" (docs/performance.md, "whose failures the failed calls were").
 *
 * <p>{@link #SESSIONS} sessions, {@link #CONCURRENT} at a time, connect to a bot server of their own with a
 * {@link TalkingBot} counting into a tally of its own (the run's figures never see them), each through Sayline's
 * own control channel client: the WebSocket handshake, {@code session.start}, and {@link #UTTERANCES} rounds of
 * {@code say}, {@code speech.started} and {@code speech.done}.
 */
final class BotWarmUp {
    static final int SESSIONS = 400;
    static final int CONCURRENT = 50;
    static final int UTTERANCES = 10;
    private static final String NAME = "warmup";
    /** Generous: a cold bot is slow to answer, which is what this is for. */
    private static final ControlConfig CONTROL = new ControlConfig(30_000, 65_536, 65_536);
    private static final Event.Latency LATENCY = new Event.Latency(300, 75, 20, 0, 10);

    private BotWarmUp() {
    }

    /**
     * Runs the sessions and returns how many of them ran every round; waits at most {@code deadline} in all.
     */
    static int run(boolean tokens, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        AtomicInteger completed = new AtomicInteger();
        EventLoopGroup clients = new NioEventLoopGroup(1, new DefaultThreadFactory("load-warmup", true));
        try (BotServer server = BotServer.start("127.0.0.1", 0, NAME,
                () -> new TalkingBot(new BotTally(), tokens))) {
            for (int started = 0; started < SESSIONS && System.nanoTime() < end; started += CONCURRENT) {
                int batch = Math.min(CONCURRENT, SESSIONS - started);
                CountDownLatch closed = new CountDownLatch(batch);
                for (int i = 1; i <= batch; i++) {
                    new Session(started + i, closed, completed).open(clients, server);
                }
                closed.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        return completed.get();
    }

    /** One session, as Sayline would run it with a bot that answers every utterance at once. On its loop. */
    private static final class Session implements ControlChannel.Listener {
        private final long number;
        private final CountDownLatch closed;
        private final AtomicInteger completed;
        private ControlChannel channel;
        private int utterances;

        Session(long number, CountDownLatch closed, AtomicInteger completed) {
            this.number = number;
            this.closed = closed;
            this.completed = completed;
        }

        /**
         * Connects from the session's loop itself: the channel is set before any of its callbacks, which run there.
         * (Set by the calling thread, a fast handshake once beat the assignment, and that session never began.)
         */
        void open(EventLoopGroup clients, BotServer server) {
            EventLoop loop = clients.next();
            loop.execute(() -> channel = ControlChannel.connect(loop, server.uri(), null, CONTROL, this));
        }

        @Override
        public void onOpen() {
            channel.send(Event.SessionStart.builder().callId("warmup-" + number).from("sip:warmup@127.0.0.1")
                    .to("sip:load@127.0.0.1").sipCallId("warmup-" + number).codec("PCMU").tts("warmup", null).build());
        }

        @Override
        public void onCommand(Command command) {
            if (!(command instanceof Command.Say say) || !say.last()) {
                return;
            }
            if (++utterances == UTTERANCES) {
                completed.incrementAndGet();
                channel.close();
                return;
            }
            channel.send(new Event.SpeechStarted(say.utteranceId(), LATENCY.ttfaMs()));
            channel.send(new Event.SpeechDone(say.utteranceId(), 2_000, LATENCY));
        }

        @Override
        public void onClosed(CloseCause cause) {
            closed.countDown();
        }
    }
}
