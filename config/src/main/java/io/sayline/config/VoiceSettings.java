package io.sayline.config;

/** ElevenLabs {@code voice_settings}; null fields are left to the vendor's voice defaults. */
public record VoiceSettings(
        Double stability,
        Double similarityBoost,
        Double style,
        Boolean useSpeakerBoost,
        Double speed) {
}
