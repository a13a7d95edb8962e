package io.sayline.tools.elsim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Fault and timing knobs of the simulator. Immutable; change them at run time with
 * {@link ElevenLabsSimulator#knobs(SimKnobs)} or {@code POST /sim/knobs} (a partial JSON object of these
 * field names is merged into the current knobs). Durations in ms; {@code -1} (or 0 where noted) is "off".
 *
 * @param firstChunkDelayMs    latency from a generation's request to its first audio (model inference; default 75)
 * @param chunkBytes           bytes per HTTP chunk / WebSocket audio message; 0 = derive from chunkMs
 * @param chunkMs              audio duration per chunk when chunkBytes is 0 (default 100)
 * @param jitterMs             extra random delay 0..jitterMs before each chunk
 * @param realTimeFactor       pace audio at N x real time; 0 = as fast as possible
 * @param stallAfterMs         stop sending (connection stays open) once this much audio was sent; -1 off
 * @param dropAfterMs          abort the connection once this much audio was sent; -1 off
 * @param errorStatus          answer HTTP requests and WebSocket handshakes with this status; 0 off
 * @param errorCode            detail.status of the error body (default by status: 429 system_busy ...)
 * @param errorMessage         detail.message of the error body
 * @param errorFirstRequests   only the first K requests after the knobs were set get the error; 0 = all
 * @param wsCloseAfterMs       close WebSockets with 1008 once this much audio was sent; -1 off
 * @param wsCloseReason        the 1008 reason text
 * @param malformed            replace an audio frame with invalid JSON or invalid base64
 * @param malformedFirstStreams only the first K streams after the knobs were set get one malformed frame; 0 = all
 * @param inactivityTimeoutMs  overrides the WebSocket inactivity timeout (query inactivity_timeout); 0 = no override
 * @param snakeCaseContextId   server messages say context_id instead of contextId
 * @param snakeCaseIsFinal     server messages say is_final instead of isFinal
 * @param docsDurationsKey     alignment says charsDurationsMs (the docs' spelling) instead of charDurationsMs
 * @param wsErrorMessageBeforeClose the wsCloseAfter knob first sends {@code {"message": reason, "error": ...}}
 * @param maxConcurrentRequests HTTP requests streaming at once beyond this get 429 too_many_concurrent_requests;
 *                             0 = unlimited
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SimKnobs(
        long firstChunkDelayMs,
        int chunkBytes,
        int chunkMs,
        long jitterMs,
        double realTimeFactor,
        long stallAfterMs,
        long dropAfterMs,
        int errorStatus,
        String errorCode,
        String errorMessage,
        int errorFirstRequests,
        long wsCloseAfterMs,
        String wsCloseReason,
        Malformed malformed,
        int malformedFirstStreams,
        long inactivityTimeoutMs,
        boolean snakeCaseContextId,
        boolean snakeCaseIsFinal,
        boolean docsDurationsKey,
        int maxConcurrentRequests,
        boolean wsErrorMessageBeforeClose) {

    /** Which kind of broken frame {@link #malformed} sends. */
    public enum Malformed { NONE, INVALID_JSON, INVALID_BASE64 }

    /** The defaults: 75 ms first-chunk delay, 100 ms chunks, unpaced, no faults. */
    public static final SimKnobs DEFAULTS = new SimKnobs(75, 0, 100, 0, 0, -1, -1, 0, null, null, 0, -1,
            "something went wrong", Malformed.NONE, 1, 0, false, false, false, 0, false);

    public SimKnobs {
        check(firstChunkDelayMs >= 0, "firstChunkDelayMs must be >= 0, was " + firstChunkDelayMs);
        check(chunkBytes >= 0, "chunkBytes must be >= 0, was " + chunkBytes);
        check(chunkMs >= 1, "chunkMs must be >= 1, was " + chunkMs);
        check(jitterMs >= 0, "jitterMs must be >= 0, was " + jitterMs);
        check(realTimeFactor >= 0, "realTimeFactor must be >= 0, was " + realTimeFactor);
        check(errorStatus == 0 || (errorStatus >= 400 && errorStatus <= 599),
                "errorStatus must be 0 or 400..599, was " + errorStatus);
        check(errorFirstRequests >= 0, "errorFirstRequests must be >= 0, was " + errorFirstRequests);
        check(malformedFirstStreams >= 0, "malformedFirstStreams must be >= 0, was " + malformedFirstStreams);
        check(maxConcurrentRequests >= 0, "maxConcurrentRequests must be >= 0, was " + maxConcurrentRequests);
        check(inactivityTimeoutMs >= 0, "inactivityTimeoutMs must be >= 0, was " + inactivityTimeoutMs);
        malformed = malformed == null ? Malformed.NONE : malformed;
        wsCloseReason = wsCloseReason == null ? DEFAULT_CLOSE_REASON : wsCloseReason;
    }

    private static final String DEFAULT_CLOSE_REASON = "something went wrong";

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Bytes per chunk for a stream of {@code bytesPerSecond}; at least 1. */
    int chunkBytesFor(double bytesPerSecond, int frameBytes) {
        if (chunkBytes > 0) {
            return chunkBytes;
        }
        int bytes = (int) Math.round(bytesPerSecond * chunkMs / 1000.0);
        return Math.max(frameBytes, bytes - bytes % frameBytes);
    }

    /** Builder over all knobs; starts from the defaults or from an existing set. */
    public static final class Builder {
        private long firstChunkDelayMs;
        private int chunkBytes;
        private int chunkMs;
        private long jitterMs;
        private double realTimeFactor;
        private long stallAfterMs;
        private long dropAfterMs;
        private int errorStatus;
        private String errorCode;
        private String errorMessage;
        private int errorFirstRequests;
        private long wsCloseAfterMs;
        private String wsCloseReason;
        private Malformed malformed;
        private int malformedFirstStreams;
        private long inactivityTimeoutMs;
        private boolean snakeCaseContextId;
        private boolean snakeCaseIsFinal;
        private boolean docsDurationsKey;
        private int maxConcurrentRequests;
        private boolean wsErrorMessageBeforeClose;

        private Builder(SimKnobs k) {
            firstChunkDelayMs = k.firstChunkDelayMs;
            chunkBytes = k.chunkBytes;
            chunkMs = k.chunkMs;
            jitterMs = k.jitterMs;
            realTimeFactor = k.realTimeFactor;
            stallAfterMs = k.stallAfterMs;
            dropAfterMs = k.dropAfterMs;
            errorStatus = k.errorStatus;
            errorCode = k.errorCode;
            errorMessage = k.errorMessage;
            errorFirstRequests = k.errorFirstRequests;
            wsCloseAfterMs = k.wsCloseAfterMs;
            wsCloseReason = k.wsCloseReason;
            malformed = k.malformed;
            malformedFirstStreams = k.malformedFirstStreams;
            inactivityTimeoutMs = k.inactivityTimeoutMs;
            snakeCaseContextId = k.snakeCaseContextId;
            snakeCaseIsFinal = k.snakeCaseIsFinal;
            docsDurationsKey = k.docsDurationsKey;
            maxConcurrentRequests = k.maxConcurrentRequests;
            wsErrorMessageBeforeClose = k.wsErrorMessageBeforeClose;
        }

        public Builder firstChunkDelayMs(long v) { firstChunkDelayMs = v; return this; }
        public Builder chunkBytes(int v) { chunkBytes = v; return this; }
        public Builder chunkMs(int v) { chunkMs = v; return this; }
        public Builder jitterMs(long v) { jitterMs = v; return this; }
        public Builder realTimeFactor(double v) { realTimeFactor = v; return this; }
        public Builder stallAfterMs(long v) { stallAfterMs = v; return this; }
        public Builder dropAfterMs(long v) { dropAfterMs = v; return this; }
        /** Answer with {@code status} and {@code code} (detail.status); e.g. 429 "system_busy". */
        public Builder error(int status, String code) { errorStatus = status; errorCode = code; return this; }
        public Builder errorMessage(String v) { errorMessage = v; return this; }
        public Builder errorFirstRequests(int v) { errorFirstRequests = v; return this; }
        public Builder wsCloseAfterMs(long v) { wsCloseAfterMs = v; return this; }
        public Builder wsCloseReason(String v) { wsCloseReason = v; return this; }
        public Builder malformed(Malformed v) { malformed = v; return this; }
        public Builder malformedFirstStreams(int v) { malformedFirstStreams = v; return this; }
        public Builder inactivityTimeoutMs(long v) { inactivityTimeoutMs = v; return this; }
        public Builder snakeCaseContextId(boolean v) { snakeCaseContextId = v; return this; }
        public Builder snakeCaseIsFinal(boolean v) { snakeCaseIsFinal = v; return this; }
        public Builder docsDurationsKey(boolean v) { docsDurationsKey = v; return this; }
        public Builder maxConcurrentRequests(int v) { maxConcurrentRequests = v; return this; }
        public Builder wsErrorMessageBeforeClose(boolean v) { wsErrorMessageBeforeClose = v; return this; }

        public SimKnobs build() {
            return new SimKnobs(firstChunkDelayMs, chunkBytes, chunkMs, jitterMs, realTimeFactor, stallAfterMs,
                    dropAfterMs, errorStatus, errorCode, errorMessage, errorFirstRequests, wsCloseAfterMs,
                    wsCloseReason, malformed, malformedFirstStreams, inactivityTimeoutMs, snakeCaseContextId,
                    snakeCaseIsFinal, docsDurationsKey, maxConcurrentRequests, wsErrorMessageBeforeClose);
        }
    }
}
