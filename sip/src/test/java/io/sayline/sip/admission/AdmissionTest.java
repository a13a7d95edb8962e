package io.sayline.sip.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SourceLimitsConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void burstUpToTheLimitPassesThenTheNextWaitsForRefill() {
        CallRateLimiter limiter = new CallRateLimiter(3, now::get);
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(334)); // one third of a second: one call's worth
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void idleTimeDoesNotBankMoreThanOneSecond() {
        CallRateLimiter limiter = new CallRateLimiter(2, now::get);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void nonPositiveRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CallRateLimiter(0, now::get));
    }

    @Test
    void aSourceGetsATenthOfASecondOfBurstThenItsRateAndIsBannedWhenRefusedItsRateAgainWithinASecond()
            throws Exception {
        SourceLimiter limiter = new SourceLimiter(new SourceLimitsConfig(40, 100, 60, List.of()), now::get);
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        InetAddress caller = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < 4; i++) {
            assertEquals(SourceLimiter.Decision.PASS, limiter.admit(flooder, SourceLimiter.Kind.INVITE), "burst " + i);
        }
        for (int i = 0; i < 39; i++) {
            assertEquals(SourceLimiter.Decision.REFUSE, limiter.admit(flooder, SourceLimiter.Kind.INVITE));
        }
        assertEquals(0, limiter.bans(), "over its rate, not yet flooding");
        assertEquals(SourceLimiter.Decision.REFUSE, limiter.admit(flooder, SourceLimiter.Kind.INVITE));
        assertEquals(1, limiter.bans(), "its rate refused within a second: a flood");
        assertTrue(limiter.banned(flooder));
        assertEquals(SourceLimiter.Decision.BANNED, limiter.admit(flooder, SourceLimiter.Kind.OTHER),
                "a ban covers every request outside a dialog");
        assertEquals(SourceLimiter.Decision.PASS, limiter.admit(caller, SourceLimiter.Kind.INVITE));
        assertEquals(40, limiter.refusedInvites());
        assertEquals(1, limiter.bannedDrops());
        assertEquals(1, limiter.bannedSources());

        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertFalse(limiter.banned(flooder), "a ban ends");
        assertEquals(SourceLimiter.Decision.PASS, limiter.admit(flooder, SourceLimiter.Kind.INVITE));
        assertEquals(0, limiter.bannedSources());
    }

    @Test
    void aPeerAtItsRateIsNeverRefused() throws Exception {
        SourceLimiter limiter = new SourceLimiter(new SourceLimitsConfig(40, 100, 60, List.of()), now::get);
        InetAddress trunk = InetAddress.getByName("192.0.2.5");
        for (int i = 0; i < 400; i++) { // ten seconds at 40 a second, evenly
            assertEquals(SourceLimiter.Decision.PASS, limiter.admit(trunk, SourceLimiter.Kind.INVITE), "INVITE " + i);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(25));
        }
    }

    @Test
    void exemptNetworksAndZeroLimitsAreNeverRefused() throws Exception {
        SourceLimiter limiter = new SourceLimiter(new SourceLimitsConfig(1, 0, 60, List.of("10.0.0.0/8")), now::get);
        for (int i = 0; i < 100; i++) {
            assertEquals(SourceLimiter.Decision.PASS, limiter.admit(InetAddress.getByName("10.9.8.7"),
                    SourceLimiter.Kind.INVITE));
            assertEquals(SourceLimiter.Decision.PASS, limiter.admit(InetAddress.getByName("192.0.2.9"),
                    SourceLimiter.Kind.OTHER));
        }
        assertEquals(0, limiter.bans());
    }

    @Test
    void sweepForgetsQuietSourcesButKeepsBans() throws Exception {
        SourceLimiter limiter = new SourceLimiter(new SourceLimitsConfig(1, 1, 60, List.of()), now::get);
        InetAddress quiet = InetAddress.getByName("192.0.2.3");
        InetAddress banned = InetAddress.getByName("192.0.2.4");
        limiter.admit(quiet, SourceLimiter.Kind.INVITE);
        limiter.admit(banned, SourceLimiter.Kind.OTHER);
        limiter.admit(banned, SourceLimiter.Kind.OTHER);
        assertTrue(limiter.banned(banned));
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        limiter.sweep();
        assertTrue(limiter.banned(banned), "a running ban survives the sweep");
        assertEquals(1, limiter.trackedSources());
    }

    @Test
    void sourceFilterAllowsOnlyListedNetworks() throws Exception {
        SourceFilter filter = SourceFilter.parse(List.of("10.0.0.0/8", "192.0.2.7"));
        assertTrue(filter.allows(InetAddress.getByName("10.1.2.3")));
        assertTrue(filter.allows(InetAddress.getByName("192.0.2.7")));
        assertFalse(filter.allows(InetAddress.getByName("192.0.2.8")));
        assertFalse(filter.allows(InetAddress.getByName("::1")));
        assertTrue(SourceFilter.parse(List.of("0.0.0.0/0")).allows(InetAddress.getByName("203.0.113.9")));
    }
}
