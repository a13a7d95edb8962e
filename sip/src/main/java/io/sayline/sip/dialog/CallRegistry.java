package io.sayline.sip.dialog;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The live calls by SIP Call-ID. A call removes itself when it ends, however it ends. */
public final class CallRegistry {
    private final ConcurrentMap<String, ServerCall> calls = new ConcurrentHashMap<>();

    /** Adds the call unless its Call-ID is already live (a retransmitted or looped INVITE). */
    public boolean add(ServerCall call) {
        return calls.putIfAbsent(call.sipCallId(), call) == null;
    }

    public Optional<ServerCall> get(String sipCallId) {
        return Optional.ofNullable(calls.get(sipCallId));
    }

    void remove(ServerCall call) {
        calls.remove(call.sipCallId(), call);
    }

    public int size() {
        return calls.size();
    }

    public List<ServerCall> snapshot() {
        return List.copyOf(calls.values());
    }
}
