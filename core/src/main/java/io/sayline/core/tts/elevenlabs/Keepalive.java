package io.sayline.core.tts.elevenlabs;

import io.sayline.config.TtsVendorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps ElevenLabs' {@code inactivity_timeout} (default 20 s, docs/elevenlabs.md, "WebSocket input streaming") from
 * closing a socket while the bot is slow to write or between utterances: when nothing was sent for half the timeout
 * (Pipecat's choice: 10 s for 20 s), the owner's tick sends {@code {"text":" "}}. The owner calls {@link #sent()} on
 * every send and decides in its tick whether a keepalive is wanted.
 */
final class Keepalive {
    private static final Logger LOG = LoggerFactory.getLogger(Keepalive.class);
    /** docs/elevenlabs.md, "WebSocket input streaming": inactivity_timeout defaults to 20 s. */
    private static final int DEFAULT_INACTIVITY_TIMEOUT_S = 20;
    private static final long MIN_INTERVAL_MS = 500;

    private final VendorContext vendor;
    private final long intervalNanos;
    private volatile long lastSentNanos;
    // guarded by this
    private ScheduledFuture<?> task;

    Keepalive(VendorContext vendor) {
        this.vendor = vendor;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs(vendor.config()));
        this.lastSentNanos = vendor.nanoClock().getAsLong();
    }

    static long intervalMs(TtsVendorConfig config) {
        int seconds = config.inactivityTimeoutSeconds() == null
                ? DEFAULT_INACTIVITY_TIMEOUT_S : config.inactivityTimeoutSeconds();
        return Math.max(MIN_INTERVAL_MS, TimeUnit.SECONDS.toMillis(seconds) / 2);
    }

    /** Runs {@code tick} every half interval until {@link #stop()}. */
    synchronized void start(Runnable tick) {
        long periodNanos = intervalNanos / 2;
        try {
            task = vendor.timer().scheduleWithFixedDelay(tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            LOG.debug("tts {} closing, no keepalive", vendor.name());
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    void sent() {
        lastSentNanos = vendor.nanoClock().getAsLong();
    }

    /** Nothing was sent for the interval. */
    boolean due() {
        return vendor.nanoClock().getAsLong() - lastSentNanos >= intervalNanos;
    }
}
