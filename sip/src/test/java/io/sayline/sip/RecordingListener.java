package io.sayline.sip;

import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records the server's callbacks as lines like "invite", "ack", "ended CALLER_BYE"; can answer at once. */
final class RecordingListener implements SipCallListener {
    static final int MEDIA_PORT = 40000;

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<InboundCall> calls = new LinkedBlockingQueue<>();
    final ConcurrentHashMap<String, Integer> endings = new ConcurrentHashMap<>();
    volatile boolean autoAnswer;
    volatile RemoteMedia lastUpdate;

    @Override
    public void onInvite(InboundCall call) {
        calls.add(call);
        events.add("invite");
        if (autoAnswer) {
            call.answer(InetAddress.getLoopbackAddress(), MEDIA_PORT);
        }
    }

    @Override
    public void onAck(InboundCall call) {
        events.add("ack");
    }

    @Override
    public void onMediaUpdate(InboundCall call, RemoteMedia media) {
        lastUpdate = media;
        events.add("update " + media.direction().attribute());
    }

    @Override
    public void onDtmfInfo(InboundCall call, char digit, int durationMs) {
        events.add("dtmf " + digit + " " + durationMs);
    }

    @Override
    public void onEnded(InboundCall call, EndReason reason) {
        endings.merge(call.id(), 1, Integer::sum);
        events.add("ended " + reason);
    }

    String next() throws InterruptedException {
        String event = events.poll(TestUac.WAIT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no listener event within " + TestUac.WAIT_SECONDS + " s");
        }
        return event;
    }

    InboundCall nextCall() throws InterruptedException {
        InboundCall call = calls.poll(TestUac.WAIT_SECONDS, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no call within " + TestUac.WAIT_SECONDS + " s");
        }
        return call;
    }
}
