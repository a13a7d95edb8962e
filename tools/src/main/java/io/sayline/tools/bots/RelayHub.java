package io.sayline.tools.bots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The relay bots of the calls connected right now, and the way typed lines reach them. Every method runs
 * on the relay server's single event loop (the stdin reader hands each line over with
 * {@code loop.execute}), so no locking is needed.
 */
public final class RelayHub {
    private final List<RelayBot> bots = new ArrayList<>(); // guarded by the relay loop
    private final Consumer<String> problems;

    /** @param problems where a line that could not be sent is explained (stderr in the tool) */
    public RelayHub(Consumer<String> problems) {
        this.problems = problems;
    }

    void join(RelayBot bot) {
        if (!bots.contains(bot)) {
            bots.add(bot);
        }
    }

    void leave(RelayBot bot) {
        bots.remove(bot);
    }

    /** Sends {@code line} to every connected call; returns how many it reached. */
    public int relay(String line) {
        if (bots.isEmpty()) {
            problems.accept("no call is connected; line dropped");
            return 0;
        }
        for (RelayBot bot : List.copyOf(bots)) {
            try {
                bot.relay(line);
            } catch (IllegalArgumentException e) {
                problems.accept(e.getMessage());
                return 0;
            }
        }
        return bots.size();
    }

    /** Calls connected now. */
    public int connected() {
        return bots.size();
    }
}
