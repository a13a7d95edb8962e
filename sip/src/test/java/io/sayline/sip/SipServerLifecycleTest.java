package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SipConfig;
import io.sayline.config.SipTlsConfig;
import io.sayline.config.SourceLimitsConfig;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Start and stop: bound ports, failed starts and threads left behind. */
class SipServerLifecycleTest {
    private static final long JOIN_MILLIS = 5_000;

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    /** Threads that outlive stop() must end on their own soon; join them instead of sleeping. */
    private static Set<String> survivors(Set<Thread> before) throws InterruptedException {
        Set<Thread> started = nonDaemonThreads();
        started.removeAll(before);
        for (Thread thread : started) {
            thread.join(JOIN_MILLIS);
        }
        return started.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    void stopRightAfterStartLeavesNoNonDaemonThreads() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("0.0.0.0/0"), 10),
                List.of("PCMU"), new RecordingListener());
        assertTrue(server.isRunning());
        assertTrue(server.port() > 0);
        server.stop();
        assertFalse(server.isRunning());
        assertEquals(Set.of(), survivors(before));
    }

    @Test
    void stopAfterTrafficLeavesNoNonDaemonThreads() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("0.0.0.0/0"), 10),
                List.of("PCMU"), new RecordingListener());
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request("OPTIONS", "bot", null));
            uac.awaitResponse(200);
        }
        server.stop();
        assertEquals(Set.of(), survivors(before));
    }

    @Test
    void busyPortFailsToStartAndLeavesNoNonDaemonThreads() throws Exception {
        SipServer first = SipServer.start(SipServerLoopbackTest.config(List.of("0.0.0.0/0"), 10),
                List.of("PCMU"), new RecordingListener());
        try {
            Set<Thread> before = nonDaemonThreads();
            SipConfig same = new SipConfig("127.0.0.1", first.port(), List.of("udp", "tcp"), null,
                    List.of("0.0.0.0/0"), 10, 0, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
            assertThrows(SipServerException.class, () -> SipServer.start(same, List.of("PCMU"),
                    new RecordingListener()));
            assertEquals(Set.of(), survivors(before));
        } finally {
            first.stop();
        }
    }

    @Test
    void unknownCodecInPreferenceIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> SipServer.start(
                SipServerLoopbackTest.config(List.of("0.0.0.0/0"), 10), List.of("G729"), new RecordingListener()));
    }
}
