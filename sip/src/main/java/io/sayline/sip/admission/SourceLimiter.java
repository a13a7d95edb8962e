package io.sayline.sip.admission;

import io.sayline.config.SourceLimitsConfig;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sip.perSource}: a rate per source address for new INVITEs and for other requests outside a live dialog
 * (with a burst of {@link #BURST_SECONDS} of it), and a temporary ban for a source that floods (its rate refused
 * again within a second, i.e. about twice its rate), like Kamailio's pike and ipban.
 * A ban is logged once when it starts, never per packet. Requests inside a live dialog are not limited here: the
 * dialog checks decide them.
 *
 * <p>Memory is bounded: at most {@link #MAX_SOURCES} addresses are tracked; past that, new addresses share one
 * overflow entry (so a spoofed-source flood limits itself as a whole), and {@link #sweep()} forgets addresses whose
 * buckets are full again and that are not banned. Thread-safe: each source's state is guarded by itself.
 */
public final class SourceLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(SourceLimiter.class);
    static final int MAX_SOURCES = 65_536;
    /**
     * A source's burst: a tenth of a second of its rate. A peer at its rate sends evenly; a flood spends the burst
     * at once, so what it gets through before it is banned stays small (measured: with a 1 s burst a 2,000/s
     * flood got some 250 INVITEs in, and with them the server's whole call rate for a second).
     */
    static final double BURST_SECONDS = 0.1;
    private static final long ONE_SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What a request is, for the limits. */
    public enum Kind { INVITE, OTHER }

    /** What to do with a request. */
    public enum Decision {
        PASS,
        /** Over its source's rate: an INVITE gets 503 with Retry-After, anything else is dropped. */
        REFUSE,
        /** Its source is banned: dropped without a word. */
        BANNED
    }

    private final SourceLimitsConfig limits;
    private final SourceFilter exempt;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final Source overflow;
    private final LongAdder refusedInvites = new LongAdder();
    private final LongAdder refusedOthers = new LongAdder();
    private final LongAdder bans = new LongAdder();
    private final LongAdder bannedDrops = new LongAdder();

    /** @param nanoClock a monotonic clock, {@code System::nanoTime} outside tests */
    public SourceLimiter(SourceLimitsConfig limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.exempt = SourceFilter.parse(limits.exempt());
        this.nanoClock = nanoClock;
        this.overflow = new Source(nanoClock.getAsLong());
    }

    /** The decision for one request of {@code kind} from {@code source}, counted. */
    public Decision admit(InetAddress source, Kind kind) {
        int rate = kind == Kind.INVITE ? limits.invitesPerSecond() : limits.requestsPerSecond();
        if (exempt.allows(source)) {
            return Decision.PASS;
        }
        long now = nanoClock.getAsLong();
        Source state = stateOf(source, now);
        Decision decision;
        synchronized (state) {
            decision = state.admit(kind, rate, now);
        }
        switch (decision) {
            case REFUSE -> (kind == Kind.INVITE ? refusedInvites : refusedOthers).increment();
            case BANNED -> bannedDrops.increment();
            default -> { }
        }
        return decision;
    }

    /** True when requests from {@code source} are being dropped by a ban. */
    public boolean banned(InetAddress source) {
        Source state = sources.get(source);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            return state.bannedAt(nanoClock.getAsLong());
        }
    }

    /** Forgets sources with nothing to remember: buckets full again and no ban running. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        sources.entrySet().removeIf(entry -> {
            Source state = entry.getValue();
            synchronized (state) {
                return state.idleAt(now);
            }
        });
    }

    /** New INVITEs refused for their source's rate. */
    public long refusedInvites() {
        return refusedInvites.sum();
    }

    /** Other out-of-dialog requests dropped for their source's rate. */
    public long refusedOthers() {
        return refusedOthers.sum();
    }

    /** Bans started. */
    public long bans() {
        return bans.sum();
    }

    /** Requests dropped because their source was banned. */
    public long bannedDrops() {
        return bannedDrops.sum();
    }

    /** Sources banned right now. */
    public int bannedSources() {
        long now = nanoClock.getAsLong();
        int banned = 0;
        for (Source state : sources.values()) {
            synchronized (state) {
                banned += state.bannedAt(now) ? 1 : 0;
            }
        }
        return banned;
    }

    /** Addresses remembered now (bounded by {@link #MAX_SOURCES}). */
    int trackedSources() {
        return sources.size();
    }

    private Source stateOf(InetAddress source, long now) {
        Source state = sources.get(source);
        if (state != null) {
            return state;
        }
        if (sources.size() >= MAX_SOURCES) {
            return overflow;
        }
        return sources.computeIfAbsent(source, address -> new Source(now, address));
    }

    /** One address's buckets, its excess in the current second and its ban. Guarded by itself. */
    private final class Source {
        private final InetAddress address; // null for the shared overflow entry
        private TokenBucket invites;
        private TokenBucket others;
        private long windowStart;
        private long excess;
        private long bannedUntil;
        private boolean everBanned;

        Source(long now) {
            this(now, null);
        }

        Source(long now, InetAddress address) {
            this.address = address;
            this.windowStart = now;
        }

        Decision admit(Kind kind, int rate, long now) {
            if (bannedAt(now)) {
                return Decision.BANNED;
            }
            if (rate == 0 || bucket(kind, rate, now).tryTake(now)) {
                return Decision.PASS;
            }
            if (now - windowStart >= ONE_SECOND) {
                windowStart = now;
                excess = 0;
            }
            if (++excess >= rate && limits.banSeconds() > 0) {
                ban(kind, rate, now);
            }
            return Decision.REFUSE;
        }

        private TokenBucket bucket(Kind kind, int rate, long now) {
            if (kind == Kind.INVITE) {
                return invites == null ? invites = burst(rate, now) : invites;
            }
            return others == null ? others = burst(rate, now) : others;
        }

        private TokenBucket burst(int rate, long now) {
            return new TokenBucket(rate, Math.max(1, rate * BURST_SECONDS), now);
        }

        private void ban(Kind kind, int rate, long now) {
            bannedUntil = now + TimeUnit.SECONDS.toNanos(limits.banSeconds());
            everBanned = true;
            excess = 0;
            bans.increment();
            LOG.warn("SIP source {} banned for {} s: more than twice its limit of {} {} per second",
                    address == null ? "(one of too many addresses)" : address.getHostAddress(), limits.banSeconds(),
                    rate, kind == Kind.INVITE ? "new INVITEs" : "out-of-dialog requests");
        }

        boolean bannedAt(long now) {
            return everBanned && now - bannedUntil < 0;
        }

        boolean idleAt(long now) {
            return !bannedAt(now) && (invites == null || invites.fullAt(now)) && (others == null || others.fullAt(now));
        }
    }
}
