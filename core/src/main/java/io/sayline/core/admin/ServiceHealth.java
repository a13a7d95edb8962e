package io.sayline.core.admin;

import io.sayline.core.records.CallRecord;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The health column of the speech services list: per service, the last error and the last time to first audio,
 * from ended calls' records and from the page's Test voice. Thread-safe; error texts never hold an API key (the
 * vendors' error messages are redacted where they are made, VendorErrors).
 */
public final class ServiceHealth implements Consumer<CallRecord> {
    /** What the list shows; any field may be null (never happened yet). */
    public record Status(String lastError, Instant lastErrorAt, Long lastTtfaMs) {
    }

    private final Map<String, Status> byService = new ConcurrentHashMap<>();

    /** An ended call: its median TTFA, and its vendor errors if it had any. */
    @Override
    public void accept(CallRecord record) {
        if (record.tts() == null) {
            return;
        }
        if (record.vendorErrors() > 0) {
            error(record.tts(), record.vendorErrors() + " vendor error(s) in call " + record.callId());
        }
        if (record.ttfaP50Ms() != null) {
            ttfa(record.tts(), record.ttfaP50Ms());
        }
    }

    public void ttfa(String service, long ms) {
        byService.merge(service, new Status(null, null, ms), (old, now) -> new Status(old.lastError(), old.lastErrorAt(), ms));
    }

    public void error(String service, String error) {
        Instant at = Instant.now();
        byService.merge(service, new Status(error, at, null), (old, now) -> new Status(error, at, old.lastTtfaMs()));
    }

    public Status of(String service) {
        return byService.getOrDefault(service, new Status(null, null, null));
    }
}
