package io.sayline.rtp.session;

import io.sayline.config.PlayoutConfig;
import io.sayline.config.RtpConfig;
import io.sayline.rtp.MediaCounters;
import io.sayline.rtp.clock.MonotonicClock;
import io.sayline.rtp.playout.PlayoutListener;
import java.util.Objects;

/**
 * How an {@link RtpSession} behaves; build with {@link #builder()}.
 *
 * @param sendSilenceWhenIdle codec silence frames fill idle ticks ({@link RtpConfig#sendsSilenceWhenIdle()})
 * @param playout             the playout buffer's thresholds
 * @param playoutListener     utterance/mark/underrun/back-pressure events, on the call loop
 * @param inbound             received audio and DTMF, on the call loop
 * @param clock               the monotonic clock (last-received time, DTMF timeouts)
 * @param counters            the process-wide counters the session adds its packets and drops to
 * @param symmetric           learn the caller's media source instead of holding it to the SDP's address
 *                            ({@code rtp.symmetric}, {@link SourceGuard})
 */
public record RtpSessionOptions(boolean sendSilenceWhenIdle, PlayoutConfig playout,
                                PlayoutListener playoutListener, InboundListener inbound, MonotonicClock clock,
                                MediaCounters counters, boolean symmetric) {

    public RtpSessionOptions {
        Objects.requireNonNull(playout, "playout");
        Objects.requireNonNull(playoutListener, "playoutListener");
        Objects.requireNonNull(inbound, "inbound");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(counters, "counters");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder; defaults: silence when idle, playout 40/400 ms adaptive, no listeners, the system clock, counters
     * of its own.
     */
    public static final class Builder {
        private boolean sendSilenceWhenIdle = true;
        private PlayoutConfig playout = new PlayoutConfig(40, 400, true);
        private PlayoutListener playoutListener = PlayoutListener.NONE;
        private InboundListener inbound = InboundListener.NONE;
        private MonotonicClock clock = MonotonicClock.system();
        private MediaCounters counters = new MediaCounters();
        private boolean symmetric;

        private Builder() {
        }

        /** Takes {@code idle} and {@code symmetric} from the configuration. */
        public Builder rtp(RtpConfig config) {
            this.sendSilenceWhenIdle = config.sendsSilenceWhenIdle();
            this.symmetric = config.symmetric();
            return this;
        }

        public Builder sendSilenceWhenIdle(boolean value) {
            this.sendSilenceWhenIdle = value;
            return this;
        }

        public Builder playout(PlayoutConfig value) {
            this.playout = value;
            return this;
        }

        public Builder playoutListener(PlayoutListener value) {
            this.playoutListener = value;
            return this;
        }

        public Builder inbound(InboundListener value) {
            this.inbound = value;
            return this;
        }

        public Builder clock(MonotonicClock value) {
            this.clock = value;
            return this;
        }

        public Builder counters(MediaCounters value) {
            this.counters = value;
            return this;
        }

        public Builder symmetric(boolean value) {
            this.symmetric = value;
            return this;
        }

        public RtpSessionOptions build() {
            return new RtpSessionOptions(sendSilenceWhenIdle, playout, playoutListener, inbound, clock, counters,
                    symmetric);
        }
    }
}
