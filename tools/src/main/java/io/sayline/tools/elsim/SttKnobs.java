package io.sayline.tools.elsim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Set;

/**
 * What the simulated callers say and how the realtime speech-to-text endpoint fails. Immutable; change at run
 * time with {@link ElevenLabsSimulator#sttKnobs(SttKnobs)} or {@code POST /sim/stt} (a partial JSON object of
 * these field names is merged into the current ones).
 *
 * @param scripts            what the callers say: connection N (counted from 0 since the knobs were set) uses
 *                           {@code scripts[N % size]}, one phrase per burst of speech in its audio, cycling. An
 *                           empty phrase {@code ""} is noise: energy without words, so no transcript
 * @param error              a vendor error {@code message_type} to inject ({@link #ERRORS}), {@code close} (the
 *                           socket closes with 1011 and no message), or null for none
 * @param errorAfterMs       caller audio received before the error is injected; 0 = right after
 *                           {@code session_started}
 * @param errorFirstSessions only the first K sessions after the knobs were set fail; 0 = all
 * @param speechDbfs         20 ms of audio at or above this energy (RMS, dBFS) counts as speech
 * @param wordMs             speech per revealed word: a partial grows by one word every this many ms
 * @param typeDiscriminator  server messages say {@code type} instead of {@code message_type} (some vendor pages)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SttKnobs(List<List<String>> scripts, String error, long errorAfterMs, int errorFirstSessions,
                       int speechDbfs, int wordMs, boolean typeDiscriminator) {

    /** The error message types the vendor documents (the realtime endpoint's event reference). */
    public static final Set<String> ERRORS = Set.of("error", "auth_error", "quota_exceeded", "commit_throttled",
            "transcriber_error", "unaccepted_terms", "rate_limited", "input_error", "queue_overflow",
            "resource_exhausted", "session_time_limit_exceeded", "chunk_size_exceeded",
            "insufficient_audio_activity");
    /** The {@link #error} that closes the socket without an error message first. */
    public static final String CLOSE = "close";

    private static final List<List<String>> DEFAULT_SCRIPTS = List.of(List.of("hello there"));
    /** Every caller says "hello there"; speech from -40 dBFS; a word per 200 ms; no faults. */
    public static final SttKnobs DEFAULTS = new SttKnobs(DEFAULT_SCRIPTS, null, 0, 0, -40, 200, false);

    public SttKnobs {
        scripts = scripts == null || scripts.isEmpty() ? DEFAULT_SCRIPTS : scripts.stream().map(List::copyOf).toList();
        check(scripts.stream().noneMatch(List::isEmpty), "every script must hold at least one phrase");
        check(error == null || ERRORS.contains(error) || CLOSE.equals(error),
                "error must be one of " + ERRORS + " or close, was " + error);
        check(errorAfterMs >= 0, "errorAfterMs must be >= 0, was " + errorAfterMs);
        check(errorFirstSessions >= 0, "errorFirstSessions must be >= 0, was " + errorFirstSessions);
        check(speechDbfs >= -90 && speechDbfs <= 0, "speechDbfs must be -90..0, was " + speechDbfs);
        check(wordMs >= 20, "wordMs must be >= 20, was " + wordMs);
    }

    /** These knobs with {@code scripts} replaced. */
    public SttKnobs withScripts(List<List<String>> newScripts) {
        return new SttKnobs(newScripts, error, errorAfterMs, errorFirstSessions, speechDbfs, wordMs, typeDiscriminator);
    }

    /** These knobs with an injected error after {@code afterMs} of audio, for the first {@code sessions} (0 = all). */
    public SttKnobs withError(String newError, long afterMs, int sessions) {
        return new SttKnobs(scripts, newError, afterMs, sessions, speechDbfs, wordMs, typeDiscriminator);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
