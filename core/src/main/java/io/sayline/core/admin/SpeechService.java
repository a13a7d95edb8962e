package io.sayline.core.admin;

import io.sayline.config.SttVendorConfig;
import io.sayline.config.TtsVendorConfig;

/**
 * One speech service as the admin page shows it.
 *
 * @param name      its name, as routes and bots refer to it
 * @param block     its settings, checked like a {@code tts:} block of the file; null for a file's {@code stt:} block
 *                  without a {@code tts:} block of the same name
 * @param useForTts whether routes may speak with it ("Use for text-to-speech"); off keeps it stored but unused
 * @param stt       its speech-to-text settings, checked like an {@code stt:} block of the file (API key and base
 *                  URL are the service's); for the file's services, its {@code stt:} block of that name or null
 * @param useForStt whether routes and bots may transcribe with it ("Use for speech-to-text")
 * @param version   bumped by each save; a save naming an older version is refused (someone saved in between)
 * @param fromFile  defined in the configuration file: shown, never edited on the page
 */
public record SpeechService(String name, TtsVendorConfig block, boolean useForTts, SttVendorConfig stt,
                            boolean useForStt, long version, boolean fromFile) {

    /** A service used for text-to-speech only (the file's {@code tts:} blocks). */
    public SpeechService(String name, TtsVendorConfig block, boolean useForTts, long version, boolean fromFile) {
        this(name, block, useForTts, null, false, version, fromFile);
    }

    /** "TTS", "STT", "TTS, STT" or "—", as the list shows it. */
    public String uses() {
        String uses = (useForTts ? "TTS" : "") + (useForTts && useForStt ? ", " : "") + (useForStt ? "STT" : "");
        return uses.isEmpty() ? "—" : uses;
    }
}
