package io.sayline.core.call;

import java.util.concurrent.TimeUnit;

/**
 * How many commands one call's bot may send a second: {@link #PER_SECOND}, ten times what a token-streaming LLM
 * bot sends. Past it, commands are refused until the next second and counted; the bot is told once a second
 * (an error event per refused command would answer a flood with a flood). On the call loop.
 */
final class CommandBudget {
    static final int PER_SECOND = 200;
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What to do with a command. */
    enum Verdict { TAKE, REFUSE_AND_TELL, REFUSE }

    private long windowStart = Long.MIN_VALUE;
    private int taken;
    private boolean told;
    private long refused;

    Verdict take(long now) {
        if (windowStart == Long.MIN_VALUE || now - windowStart >= ONE_SECOND) {
            windowStart = now;
            taken = 0;
            told = false;
        }
        if (++taken <= PER_SECOND) {
            return Verdict.TAKE;
        }
        refused++;
        if (told) {
            return Verdict.REFUSE;
        }
        told = true;
        return Verdict.REFUSE_AND_TELL;
    }

    /** Commands refused so far. */
    long refused() {
        return refused;
    }
}
