package io.sayline.sip;

import io.sayline.config.SipConfig;
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

    private AutoAnswerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 5090;
        AtomicLong ended = new AtomicLong();
        SipServer server = SipServer.start(new SipConfig("127.0.0.1", port, List.of("udp", "tcp"), null,
                List.of("127.0.0.0/8"), 10_000), List.of("PCMU", "PCMA"), new SipCallListener() {
                    @Override
                    public void onInvite(InboundCall call) {
                        call.answer(InetAddress.getLoopbackAddress(), MEDIA_PORT);
                    }

                    @Override
                    public void onAck(InboundCall call) {
                        // nothing to start
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
            System.out.println("ended calls: " + ended.get() + ", active: " + server.activeCalls());
            server.stop();
        }));
        new CountDownLatch(1).await();
    }
}
