package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopLagTest {

    @Test
    void aLoopKeptBusyPastSeveralChecksShowsHowFarBehindItFell() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        try (LoopLag lag = LoopLag.watch(loop)) {
            long blockMs = 6 * LoopLag.PERIOD_MS;
            // the loop's thread is busy for six periods: the check due first in that time runs about that late
            loop.submit(() -> sleep(blockMs)).get(5, TimeUnit.SECONDS);
            long expectedMs = blockMs - 2 * LoopLag.PERIOD_MS;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lag.maxLateMs() < expectedMs && System.nanoTime() < deadline) {
                Thread.sleep(10); // the checks the block held up run after it, in their turn
            }
            assertTrue(lag.maxLateMs() >= expectedMs,
                    "a " + blockMs + " ms block, and the checks fell only " + lag.maxLateMs() + " ms behind");
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void ofSeveralLoopsTheOneThatFellFurthestBehindCounts() throws Exception {
        EventLoop idle = new DefaultEventLoop();
        EventLoop busy = new DefaultEventLoop();
        try (LoopLag lag = LoopLag.watch(List.of(idle, busy))) {
            long blockMs = 6 * LoopLag.PERIOD_MS;
            busy.submit(() -> sleep(blockMs)).get(5, TimeUnit.SECONDS);
            long expectedMs = blockMs - 2 * LoopLag.PERIOD_MS;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lag.maxLateMs() < expectedMs && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(lag.maxLateMs() >= expectedMs,
                    "a " + blockMs + " ms block of one loop, and the checks fell only " + lag.maxLateMs()
                            + " ms behind");
        } finally {
            idle.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            busy.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
