package io.sayline.sip.admission;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void sourceFilterAllowsOnlyListedNetworks() throws Exception {
        SourceFilter filter = SourceFilter.parse(List.of("10.0.0.0/8", "192.0.2.7"));
        assertTrue(filter.allows(InetAddress.getByName("10.1.2.3")));
        assertTrue(filter.allows(InetAddress.getByName("192.0.2.7")));
        assertFalse(filter.allows(InetAddress.getByName("192.0.2.8")));
        assertFalse(filter.allows(InetAddress.getByName("::1")));
        assertTrue(SourceFilter.parse(List.of("0.0.0.0/0")).allows(InetAddress.getByName("203.0.113.9")));
    }
}
