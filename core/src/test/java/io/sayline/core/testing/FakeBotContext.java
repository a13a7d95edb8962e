package io.sayline.core.testing;

import io.sayline.core.bot.BotContext;
import io.sayline.core.control.protocol.Command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A built-in bot's context for unit tests: records sent commands; timers fire only when the test advances
 * time by hand. Shared with the tools module's tests through core's test-jar.
 */
public final class FakeBotContext implements BotContext {
    private final List<Command> sent = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private Duration now = Duration.ZERO;

    @Override
    public void send(Command command) {
        sent.add(command);
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Timer timer = new Timer(now.plus(delay), task);
        timers.add(timer);
        return timer;
    }

    /** Moves the clock and runs, in order, every live timer that came due. */
    public void advance(Duration step) {
        now = now.plus(step);
        while (true) {
            Timer due = timers.stream().filter(t -> !t.cancelled && t.at.compareTo(now) <= 0)
                    .min(Comparator.comparing(t -> t.at)).orElse(null);
            if (due == null) {
                return;
            }
            timers.remove(due);
            due.task.run();
        }
    }

    /** Timers scheduled and neither fired nor cancelled. */
    public long liveTimers() {
        return timers.stream().filter(t -> !t.cancelled).count();
    }

    /** The commands sent since the last drain. */
    public List<Command> drain() {
        List<Command> copy = List.copyOf(sent);
        sent.clear();
        return copy;
    }

    private static final class Timer implements Scheduled {
        final Duration at;
        final Runnable task;
        boolean cancelled;

        Timer(Duration at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
