package io.sayline.sip;

import io.sayline.config.SipConfig;
import io.sayline.config.SipTlsConfig;
import io.sayline.config.SourceLimitsConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manual interop check: answers every call at once, for {@code sipp -sn uac 127.0.0.1:PORT}. Not a test.
 * Run: {@code java -cp <test classpath> io.sayline.sip.AutoAnswerMain 5090}.
 */
public final class AutoAnswerMain {
    private static final int MEDIA_PORT = 40000;
    private static final long SLOW_ACK_NANOS = 100_000_000L;

    private AutoAnswerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5090;
        AtomicLong ended = new AtomicLong();
        AtomicLong slowAcks = new AtomicLong();
        java.util.Map<String, Long> answeredAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService answering = java.util.concurrent.Executors.newSingleThreadExecutor();
        SipServer server = SipServer.start(new SipConfig("127.0.0.1", port, List.of("udp", "tcp"), null,
                List.of("127.0.0.0/8"), 10_000, 0, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none()), List.of("PCMU", "PCMA"), new SipCallListener() {
                    @Override
                    public void onInvite(InboundCall call) {
                        // As the call orchestration will: hand over to another thread, answer from there.
                        answering.execute(() -> {
                            answeredAt.put(call.id(), System.nanoTime());
                            call.answer(InetAddress.getLoopbackAddress(), MEDIA_PORT);
                        });
                    }

                    @Override
                    public void onAck(InboundCall call) {
                        Long at = answeredAt.remove(call.id());
                        if (at != null && System.nanoTime() - at > SLOW_ACK_NANOS) {
                            slowAcks.incrementAndGet();
                        }
                    }

                    @Override
                    public void onMediaUpdate(InboundCall call, RemoteMedia media) {
                        // nothing to update
                    }

                    @Override
                    public void onDtmfInfo(InboundCall call, char digit, int durationMs) {
                        // ignored
                    }

                    @Override
                    public void onEnded(InboundCall call, EndReason reason) {
                        ended.incrementAndGet();
                    }
                });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("ended calls: " + ended.get() + ", active: " + server.activeCalls()
                    + ", ACKs later than 100 ms after the answer: " + slowAcks.get());
            server.stop();
        }));
        new CountDownLatch(1).await();
    }
}
