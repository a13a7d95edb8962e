package io.sayline.rtp.pacer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.sayline.rtp.clock.MonotonicClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty side of the pacer on a real event loop (the arithmetic is covered by PacingScheduleTest). */
class PacerTest {
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void registeredStreamIsTickedOnItsLoopUntilUnregistered() throws Exception {
        Pacers pacers = new Pacers(group, MonotonicClock.system());
        EventLoop loop = group.next();
        Pacer pacer = pacers.forLoop(loop);
        CountDownLatch fiveTicks = new CountDownLatch(5);
        boolean[] offLoop = new boolean[1];
        PacedStream stream = () -> {
            offLoop[0] |= !loop.inEventLoop();
            fiveTicks.countDown();
        };
        loop.submit(() -> pacer.register(stream)).get();
        assertTrue(fiveTicks.await(5, TimeUnit.SECONDS));
        loop.submit(() -> pacer.unregister(stream)).get();
        long ticks = loop.submit(() -> pacer.schedule().ticks()).get();
        assertTrue(ticks >= 5);
        assertEquals(false, offLoop[0]);
        assertEquals(0, (int) loop.submit(() -> pacer.schedule().streamCount()).get());
    }

    @Test
    void useOffTheLoopIsRefused() {
        Pacer pacer = new Pacer(group.next(), MonotonicClock.system());
        assertThrows(IllegalStateException.class, () -> pacer.register(() -> { }));
    }

    @Test
    void eachLoopHasItsOwnPacer() {
        Pacers pacers = new Pacers(group, MonotonicClock.system());
        EventLoop a = group.next();
        EventLoop b = group.next();
        assertSame(pacers.forLoop(a), pacers.forLoop(a));
        assertTrue(pacers.forLoop(a) != pacers.forLoop(b));
        assertSame(a, pacers.forLoop(a).loop());
    }
}
