package io.sayline.core.admin;

import io.sayline.config.TtsVendorConfig;

/**
 * One speech service as the admin page shows it.
 *
 * @param name      its name, as routes and bots refer to it
 * @param block     its settings, checked like a {@code tts:} block of the file
 * @param useForTts whether routes may speak with it ("Use for text-to-speech"); off keeps it stored but unused
 * @param version   bumped by each save; a save naming an older version is refused (someone saved in between)
 * @param fromFile  defined in the configuration file: shown, never edited on the page
 */
public record SpeechService(String name, TtsVendorConfig block, boolean useForTts, long version, boolean fromFile) {
}
