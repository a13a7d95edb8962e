package io.sayline.rtp.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sayline.config.PortRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PortPoolTest {

    @Test
    void handsOutOnlyEvenPortsOfTheRange() {
        PortPool pool = new PortPool(new PortRange(20001, 20008));
        assertEquals(List.of(20002, 20004, 20006, 20008),
                List.of(pool.acquire(), pool.acquire(), pool.acquire(), pool.acquire()));
        assertEquals(PortPool.NONE, pool.acquire());
    }

    @Test
    void releasedPortGoesToTheBackOfTheQueue() {
        PortPool pool = new PortPool(new PortRange(20000, 20004));
        int first = pool.acquire();
        pool.release(first);
        assertEquals(20002, pool.acquire());
        assertEquals(20004, pool.acquire());
        assertEquals(first, pool.acquire());
    }

    @Test
    void releaseIsIdempotentAndIgnoresForeignPorts() {
        PortPool pool = new PortPool(new PortRange(20000, 20002));
        int port = pool.acquire();
        pool.release(port);
        pool.release(port);
        pool.release(40000);
        assertEquals(2, pool.available());
        assertEquals(0, pool.inUse());
    }

    @Test
    void concurrentAcquireNeverHandsOutAPortTwice() throws Exception {
        PortPool pool = new PortPool(new PortRange(20000, 29999));
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(executor.submit(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        got.add(pool.acquire());
                    }
                    return got;
                }));
            }
            Set<Integer> all = new HashSet<>();
            for (Future<List<Integer>> f : futures) {
                all.addAll(f.get());
            }
            assertEquals(4000, all.size());
            assertEquals(1000, pool.available());
        } finally {
            executor.shutdownNow();
        }
    }
}
