package io.sayline.core.testing;

import io.sayline.core.bot.BotContext;
import io.sayline.core.bot.BuiltinBot;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.http.HttpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bot that a test drives by hand, served over a real WebSocket (Sayline's own HTTP server code with
 * subprotocol {@code sayline.v1}) so calls reach it exactly as they reach a production bot:
 * route a call to {@link #url()}, {@link #awaitSession()}, then {@link Session#send} commands and
 * {@link Session#await} events. Shared with the tools module's tests through core's test-jar.
 */
public final class TestBot implements AutoCloseable {
    private static final String NAME = "test";
    private final EventLoopGroup loop = new NioEventLoopGroup(1);
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    private final HttpServer server;

    public TestBot() {
        server = HttpServer.builder().bindAddress("127.0.0.1").port(0).groups(loop, loop)
                .health(() -> HttpServer.Health.OK).calls(List::of).metrics(() -> "")
                .bots(Map.of(NAME, () -> {
                    Session session = new Session();
                    sessions.add(session);
                    return session;
                })).build();
        server.start();
    }

    /** The bot's WebSocket URL, for {@code --bot} or a route's {@code bot:}. */
    public String url() {
        return "ws://127.0.0.1:" + server.port() + "/bots/" + NAME;
    }

    /** The next call's connection (10 s at most). */
    public Session awaitSession() throws InterruptedException {
        Session session = sessions.poll(10, TimeUnit.SECONDS);
        if (session == null) {
            throw new AssertionError("no call connected to the test bot within 10 s");
        }
        return session;
    }

    @Override
    public void close() {
        server.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One call's control channel, seen from the bot's side. Thread-safe. */
    public static final class Session implements BuiltinBot {
        /** Each event with its arrival time, in one queue so the two can never be paired wrongly. */
        private final BlockingQueue<Arrived> events = new LinkedBlockingQueue<>();
        private volatile BotContext context;
        private volatile boolean closed;
        private volatile long lastAwaitedNanos;

        @Override
        public void onEvent(Event event, BotContext ctx) {
            context = ctx;
            events.add(new Arrived(event, System.nanoTime()));
        }

        @Override
        public void onClosed() {
            closed = true;
        }

        public boolean closed() {
            return closed;
        }

        /** Sends a command to Sayline (after {@code session.start} has arrived). */
        public void send(Command command) {
            if (context == null) {
                throw new IllegalStateException("no event received yet: await session.start first");
            }
            context.send(command);
        }

        /** The next event of the given type, skipping others (which are kept in {@link #skipped}). */
        @SuppressWarnings("unchecked")
        public <T extends Event> T await(Class<T> type, Duration timeout) throws InterruptedException {
            return (T) await(type::isInstance, timeout);
        }

        /** The next event matching {@code condition}; events before it are dropped from the queue. */
        public Event await(Predicate<Event> condition, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Arrived arrived = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (arrived == null) {
                    throw new AssertionError("no matching event within " + timeout);
                }
                if (condition.test(arrived.event())) {
                    lastAwaitedNanos = arrived.nanos();
                    return arrived.event();
                }
            }
        }

        /** When the event {@link #await} last returned arrived ({@link System#nanoTime}, on the bot's thread). */
        public long lastAwaitedNanos() {
            return lastAwaitedNanos;
        }

        /** Every event received and not yet awaited, in order. */
        public List<Event> pending() {
            return events.stream().map(Arrived::event).toList();
        }

        private record Arrived(Event event, long nanos) {
        }
    }
}
