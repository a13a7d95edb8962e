package io.sayline.core.control.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A message from the bot to Sayline (docs/protocol.md, "Commands (bot → Sayline)").
 * Every command is an immutable value; {@link ControlCodec} turns JSON text into one and back.
 */
public sealed interface Command
        permits Command.Say, Command.Clear, Command.Mark, Command.Dtmf, Command.Configure,
                Command.Hangup, Command.Transfer, Command.Transcribe, Command.Listen {

    /** The wire {@code type} of this command. */
    String type();

    /**
     * Text to speak. Several {@code say} with one {@code utteranceId} and {@code last:false} are tokens
     * of one utterance, ended by the one with {@code last:true}.
     *
     * @param text          the text (may be empty, e.g. a bare {@code last:true} that ends a token stream)
     * @param utteranceId   the bot's id, or null when the bot left it out (the control channel fills one in)
     * @param last          whether this ends the utterance (default true)
     * @param interruptible what may cut the utterance short (default {@link Interruptible#ANY})
     * @param preemptible   whether a later utterance replaces this one instead of queueing (default false)
     */
    record Say(String text, String utteranceId, boolean last, Interruptible interruptible, boolean preemptible)
            implements Command {
        public static final String TYPE = "say";

        public Say {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(interruptible, "interruptible");
        }

        /** A whole sentence with the defaults: {@code last:true}, interruptible by anything, not preemptible. */
        public static Say sentence(String utteranceId, String text) {
            return new Say(text, utteranceId, true, Interruptible.ANY, false);
        }

        /** One token of a streamed utterance. */
        public static Say token(String utteranceId, String text, boolean last) {
            return new Say(text, utteranceId, last, Interruptible.ANY, false);
        }

        public Say withUtteranceId(String id) {
            return new Say(text, id, last, interruptible, preemptible);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Stop speaking now and drop all queued text and audio. */
    record Clear() implements Command {
        public static final String TYPE = "clear";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A named point in the speech queue, reported back as a {@code mark} event when playout reaches it. */
    record Mark(String name) implements Command {
        public static final String TYPE = "mark";

        public Mark {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Digits to send to the caller as RFC 4733 telephone events: {@code 0-9 * # A-D} (a-d are upper-cased). */
    record Dtmf(String digits) implements Command {
        public static final String TYPE = "dtmf";
        /** RFC 4733 section 3.2 event codes 0–15 as characters. */
        public static final String VALID_DIGITS = "0123456789*#ABCD";
        public static final int MAX_DIGITS = 64;

        public Dtmf {
            Objects.requireNonNull(digits, "digits");
            String problem = problemWith(digits);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            digits = digits.toUpperCase(Locale.ROOT);
        }

        /** Why {@code digits} is unusable, or null when it is fine. */
        public static String problemWith(String digits) {
            if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
                return "digits must be 1.." + MAX_DIGITS + " characters, was " + digits.length();
            }
            for (int i = 0; i < digits.length(); i++) {
                if (VALID_DIGITS.indexOf(Character.toUpperCase(digits.charAt(i))) < 0) {
                    return "digits may hold only " + VALID_DIGITS + ", found '" + digits.charAt(i) + "'";
                }
            }
            return null;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Per-call TTS overrides, with the keys of the config file's vendor block ({@code voiceId},
     * {@code voiceSettings}, ...). The map is a deep, unmodifiable copy of the JSON object: values are
     * String, Number, Boolean, null, nested maps and lists.
     */
    record Configure(Map<String, Object> tts) implements Command {
        public static final String TYPE = "configure";

        public Configure {
            tts = deepUnmodifiable(Objects.requireNonNull(tts, "tts"));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> deepUnmodifiable(Map<String, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, deepValue(value)));
            return Collections.unmodifiableMap(copy);
        }

        @SuppressWarnings("unchecked")
        private static Object deepValue(Object value) {
            if (value instanceof Map<?, ?> map) {
                return deepUnmodifiable((Map<String, ?>) map);
            }
            if (value instanceof List<?> list) {
                return Collections.unmodifiableList(list.stream().map(Configure::deepValue).toList());
            }
            return value;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** End the call (SIP BYE). {@code reason} is free text for logs and {@code session.end}; may be null. */
    record Hangup(String reason) implements Command {
        public static final String TYPE = "hangup";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** Blind transfer to a SIP URI with REFER (RFC 3515). */
    record Transfer(String target) implements Command {
        public static final String TYPE = "transfer";

        public Transfer {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Start ({@code enabled: true}) or stop streaming the caller's audio to a realtime speech-to-text vendor
     * (protocol v1.1); its transcripts come back as {@code transcript} events.
     *
     * @param enabled  whether to transcribe from now on
     * @param stt      the {@code stt:} block to use, or null for the route's
     * @param language the caller's language (ISO 639-1/3), or null for the block's (or detection)
     */
    record Transcribe(boolean enabled, String stt, String language) implements Command {
        public static final String TYPE = "transcribe";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * Start (or stop) forwarding the caller's audio to the bot as binary frames (protocol v1.1; docs/protocol.md,
     * "listen").
     *
     * @param enabled whether to forward from now on
     * @param format  how each frame's audio is coded; ignored when not enabled
     * @param rate    samples per second: 8000 for {@code ulaw}, 8000 or 16000 for {@code l16}
     */
    record Listen(boolean enabled, AudioFormat format, int rate) implements Command {
        public static final String TYPE = "listen";
        /** The caller's own rate: G.711's 8 kHz. */
        public static final int NARROWBAND = 8000;
        /** The wideband rate {@code l16} may be upsampled to, as speech recognisers commonly take. */
        public static final int WIDEBAND = 16000;

        public Listen {
            Objects.requireNonNull(format, "format");
            String problem = problemWith(format, rate);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }

        /** Forward in {@code format} at {@code rate}. */
        public static Listen start(AudioFormat format, int rate) {
            return new Listen(true, format, rate);
        }

        public static Listen stop() {
            return new Listen(false, AudioFormat.ULAW, NARROWBAND);
        }

        /** Why this format and rate cannot go together, or null when they can. */
        public static String problemWith(AudioFormat format, int rate) {
            if (format == AudioFormat.ULAW && rate != NARROWBAND) {
                return "ulaw is the caller's own 8 kHz audio: rate must be 8000, was " + rate;
            }
            if (rate != NARROWBAND && rate != WIDEBAND) {
                return "must be 8000 or 16000, was " + rate;
            }
            return null;
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** How forwarded audio is coded. */
        public enum AudioFormat {
            /** G.711 μ-law, one byte per sample: the caller's PCMU payload as received (PCMA is converted). */
            ULAW,
            /** Linear 16-bit signed little-endian PCM. */
            L16;

            public String wireName() {
                return WireNames.of(this);
            }

            /** The format of a wire name, or null. */
            public static AudioFormat ofWire(String wire) {
                return WireNames.parse(AudioFormat.class, wire, null);
            }
        }
    }
}
