package io.sayline.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pacing loops' task queue: a plain FIFO to its loop, and every task from many producers runs, in order each. */
class NonSpinningTaskQueueTest {

    @Test
    void isAFifoThatAnswersEmptyInsteadOfWaiting() {
        NonSpinningTaskQueue queue = new NonSpinningTaskQueue();
        assertTrue(queue.isEmpty());
        assertNull(queue.poll());
        Runnable first = () -> { };
        Runnable second = () -> { };
        queue.offer(first);
        queue.offer(second);
        assertEquals(2, queue.size());
        assertEquals(first, queue.peek());
        assertEquals(first, queue.poll());
        assertEquals(second, queue.poll());
        assertTrue(queue.isEmpty());
    }

    @Test
    void aPacingLoopRunsEveryTaskOfFourProducersInEachProducersOrder() throws Exception {
        EventLoopGroup group = EventLoops.createPacing("queue-test", 1, 0);
        int producers = 4;
        int perProducer = 50_000;
        AtomicIntegerArray lastSeen = new AtomicIntegerArray(producers);
        AtomicIntegerArray outOfOrder = new AtomicIntegerArray(producers);
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        try {
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(new Thread(() -> {
                    for (int i = 1; i <= perProducer; i++) {
                        int n = i;
                        group.next().execute(() -> {
                            if (lastSeen.getAndSet(producer, n) != n - 1) {
                                outOfOrder.incrementAndGet(producer);
                            }
                            done.countDown();
                        });
                    }
                }));
            }
            threads.forEach(Thread::start);
            assertTrue(done.await(30, TimeUnit.SECONDS), "tasks left: " + done.getCount());
            for (int p = 0; p < producers; p++) {
                assertEquals(0, outOfOrder.get(p), "producer " + p + "'s tasks ran out of order");
                assertEquals(perProducer, lastSeen.get(p));
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
