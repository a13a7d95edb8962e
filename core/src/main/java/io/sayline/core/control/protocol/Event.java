package io.sayline.core.control.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message from Sayline to the bot (docs/protocol.md, "Events (Sayline → bot)").
 * Every event is an immutable value; {@link ControlCodec} turns one into JSON text and back.
 * Durations are whole milliseconds.
 */
public sealed interface Event
        permits Event.SessionStart, Event.SpeechStarted, Event.SpeechDone, Event.SpeechInterrupted,
                Event.Mark, Event.Dtmf, Event.TtsError, Event.Backpressure, Event.Error, Event.SessionEnd,
                Event.Transcript, Event.SttError, Event.ListenOverflow {

    /** The wire {@code type} of this event. */
    String type();

    /**
     * The first event of every control connection.
     *
     * @param headers selected SIP headers of the INVITE, by name
     * @param codec   the negotiated codec, e.g. {@code PCMU}
     * @param tts     the route's vendor and voice
     * @param resumed true when this connection replaces a dropped one for a live call; null when not
     */
    record SessionStart(String callId, String from, String to, String sipCallId, Map<String, String> headers,
                        String codec, Tts tts, Boolean resumed) implements Event {
        public static final String TYPE = "session.start";

        public SessionStart {
            Objects.requireNonNull(callId, "callId");
            headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
            Objects.requireNonNull(tts, "tts");
        }

        public static Builder builder() {
            return new Builder();
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** The TTS vendor block name and its voice (null when the vendor has none). */
        public record Tts(String vendor, String voice) {
            public Tts {
                Objects.requireNonNull(vendor, "vendor");
            }
        }

        public static final class Builder {
            private String callId;
            private String from;
            private String to;
            private String sipCallId;
            private Map<String, String> headers = Map.of();
            private String codec;
            private Tts tts;
            private Boolean resumed;

            private Builder() {
            }

            public Builder callId(String value) {
                this.callId = value;
                return this;
            }

            public Builder from(String value) {
                this.from = value;
                return this;
            }

            public Builder to(String value) {
                this.to = value;
                return this;
            }

            public Builder sipCallId(String value) {
                this.sipCallId = value;
                return this;
            }

            public Builder headers(Map<String, String> value) {
                this.headers = value;
                return this;
            }

            public Builder codec(String value) {
                this.codec = value;
                return this;
            }

            public Builder tts(String vendor, String voice) {
                this.tts = new Tts(vendor, voice);
                return this;
            }

            public Builder resumed(Boolean value) {
                this.resumed = value;
                return this;
            }

            public SessionStart build() {
                return new SessionStart(callId, from, to, sipCallId, headers, codec, tts, resumed);
            }
        }
    }

    /** The first frame of the utterance is on the wire; {@code ttfaMs} is measured from its first {@code say}. */
    record SpeechStarted(String utteranceId, long ttfaMs) implements Event {
        public static final String TYPE = "speech.started";

        public SpeechStarted {
            Objects.requireNonNull(utteranceId, "utteranceId");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The utterance played to its end. */
    record SpeechDone(String utteranceId, long playedMs, Latency latency) implements Event {
        public static final String TYPE = "speech.done";

        public SpeechDone {
            Objects.requireNonNull(utteranceId, "utteranceId");
            Objects.requireNonNull(latency, "latency");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Where an utterance's time went (docs/architecture.md, "Words").
     *
     * @param ttfaMs            first {@code say} → first RTP packet
     * @param vendorFirstByteMs TTS request sent → first audio byte
     * @param overheadMs        ttfa − vendor first byte: what Sayline added
     * @param underrunMs        time the playout buffer ran dry mid-utterance
     * @param playoutWaitMs     first frame in the playout buffer → first RTP packet: the start threshold, the
     *                          hold and the next 20 ms tick; {@code overheadMs} minus this is the pipeline's own
     */
    record Latency(long ttfaMs, long vendorFirstByteMs, long overheadMs, long underrunMs, long playoutWaitMs) {
    }

    /**
     * The utterance was cut short.
     *
     * @param heardText what the caller heard, from the vendor's alignment and the frames actually sent
     * @param estimated true when {@code heardText} is estimated (no alignment); null when not stated
     * @param transcript with reason {@code speech}: the caller's transcript that cut the utterance (barge-in by
     *                   words, protocol v1.1); null when the energy VAD did
     */
    record SpeechInterrupted(String utteranceId, InterruptReason reason, String heardText, long playedMs,
                             Boolean estimated, String transcript) implements Event {
        public static final String TYPE = "speech.interrupted";

        public SpeechInterrupted(String utteranceId, InterruptReason reason, String heardText, long playedMs,
                                 Boolean estimated) {
            this(utteranceId, reason, heardText, playedMs, estimated, null);
        }

        public SpeechInterrupted {
            Objects.requireNonNull(utteranceId, "utteranceId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(heardText, "heardText");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Why an utterance stopped early. {@link #UNKNOWN} stands for a name this version does not know. */
    enum InterruptReason {
        CLEAR, DTMF, SPEECH, PREEMPTED, UNKNOWN;

        public String wireName() {
            return WireNames.of(this);
        }

        public static InterruptReason ofWire(String wire) {
            return WireNames.parse(InterruptReason.class, wire, UNKNOWN);
        }
    }

    /** Playout reached the mark the bot placed. */
    record Mark(String name) implements Event {
        public static final String TYPE = "mark";

        public Mark {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The caller pressed a key (RFC 4733 event or SIP INFO); {@code digit} is one of {@code 0-9 * # A-D}. */
    record Dtmf(String digit, long durationMs) implements Event {
        public static final String TYPE = "dtmf";

        public Dtmf {
            Objects.requireNonNull(digit, "digit");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The vendor failed for an utterance; {@code fallback} names the vendor used instead, or is null. */
    record TtsError(String utteranceId, String code, String message, String fallback) implements Event {
        public static final String TYPE = "tts.error";

        public TtsError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Queued text crossed {@code control.maxBufferedChars} ({@code pause}) or drained below it ({@code resume}). */
    record Backpressure(BackpressureState state, long bufferedChars) implements Event {
        public static final String TYPE = "backpressure";

        public Backpressure {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    enum BackpressureState {
        PAUSE, RESUME, UNKNOWN;

        public String wireName() {
            return WireNames.of(this);
        }

        public static BackpressureState ofWire(String wire) {
            return WireNames.parse(BackpressureState.class, wire, UNKNOWN);
        }
    }

    /**
     * A bot message could not be used; nothing else changed.
     *
     * @param code see {@link ProtocolErrorCode} for the codes of bad frames
     * @param ref  the offending message's {@code type} when known, else null
     */
    record Error(String code, String message, String ref) implements Event {
        public static final String TYPE = "error";

        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public static Error of(ProtocolErrorCode code, String message, String ref) {
            return new Error(code.wireName(), message, ref);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The bot read the caller's audio more slowly than it came: {@code dropped} frames, the oldest, were not
     * sent (protocol v1.1, after {@code listen}). Sent once the channel drains again.
     */
    record ListenOverflow(long dropped) implements Event {
        public static final String TYPE = "listen.overflow";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The call is over; the last event of the connection. */
    /**
     * What the caller said, from the realtime speech-to-text vendor (protocol v1.1): partials as they change
     * ({@code isFinal} false), one final per phrase the vendor commits. Times are on the caller timeline: ms from
     * the answer.
     *
     * @param language the vendor's language code, or null when it did not say
     * @param words    word timings (final transcripts when the block asks for timestamps), or null
     */
    record Transcript(String text, boolean isFinal, long startMs, long endMs, String language, List<Word> words)
            implements Event {
        public static final String TYPE = "transcript";

        public Transcript {
            Objects.requireNonNull(text, "text");
            words = words == null ? null : List.copyOf(words);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** One word of a final transcript, on the caller timeline. */
    record Word(String text, long startMs, long endMs) {
        public Word {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The speech-to-text vendor failed (protocol v1.1). The call and its speech go on.
     *
     * @param code     {@code unauthorized}, {@code quota_exceeded}, {@code rate_limited}, {@code input_error},
     *                 {@code session_limit}, {@code vendor_error}, {@code connection_lost}, {@code connect_failed},
     *                 {@code not_configured}, {@code overloaded}
     * @param stt      the {@code stt:} block, or null when none applied
     * @param retrying true when Sayline reconnects by itself
     */
    record SttError(String code, String message, String stt, boolean retrying) implements Event {
        public static final String TYPE = "stt.error";

        public SttError {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    record SessionEnd(EndReason reason, long durationMs) implements Event {
        public static final String TYPE = "session.end";

        public SessionEnd {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    enum EndReason {
        CALLER_HANGUP, BOT_HANGUP, TRANSFER, ERROR, DRAIN, RTP_TIMEOUT, UNKNOWN;

        /** {@code caller-hangup}, {@code rtp-timeout}, ... */
        public String wireName() {
            return WireNames.of(this);
        }

        public static EndReason ofWire(String wire) {
            return WireNames.parse(EndReason.class, wire, UNKNOWN);
        }
    }
}
