package io.sayline.tools.elsim;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code output_format} value of the ElevenLabs API ({@code codec_rate[_kbps]}), e.g. {@code pcm_16000},
 * {@code ulaw_8000}, {@code mp3_44100_128}. The list is the one in docs/elevenlabs.md, "Output formats".
 */
public record OutputFormat(String name, Codec codec, int sampleRate, int bitrateKbps) {

    /** Audio codec of an output format. */
    public enum Codec { PCM, ULAW, ALAW, MP3, OPUS }

    /** The vendor's default when the query omits {@code output_format}. */
    public static final String DEFAULT_NAME = "mp3_44100_128";

    private static final Set<String> KNOWN = Set.of(
            "mp3_22050_32", "mp3_24000_48", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96", "mp3_44100_128",
            "mp3_44100_192", "pcm_8000", "pcm_16000", "pcm_22050", "pcm_24000", "pcm_32000", "pcm_44100",
            "pcm_48000", "ulaw_8000", "alaw_8000", "opus_48000_32", "opus_48000_64", "opus_48000_96",
            "opus_48000_128", "opus_48000_192");

    /** Parses a vendor format name; empty when the vendor would not accept it. */
    public static Optional<OutputFormat> parse(String name) {
        if (name == null || !KNOWN.contains(name)) {
            return Optional.empty();
        }
        String[] parts = name.split("_");
        Codec codec = Codec.valueOf(parts[0].toUpperCase(Locale.ROOT));
        int rate = Integer.parseInt(parts[1]);
        int kbps = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        return Optional.of(new OutputFormat(name, codec, rate, kbps));
    }

    /** The Content-Type the simulator answers with (always {@code audio/...}). */
    public String contentType() {
        return switch (codec) {
            case PCM -> "audio/pcm";
            case ULAW -> "audio/basic";
            case ALAW -> "audio/x-alaw-basic";
            case MP3 -> "audio/mpeg";
            case OPUS -> "audio/opus";
        };
    }
}
