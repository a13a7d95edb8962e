package io.sayline.rtp.transcode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audio a TTS vendor sends, named the ElevenLabs way ({@code pcm_16000}, {@code ulaw_8000},
 * {@code mp3_44100_128}). Parsing is strict so that a wrong format is an error at configuration
 * time, never a chipmunk voice at run time.
 *
 * @param encoding    how samples are coded
 * @param sampleRate  samples per second
 * @param bitrateKbps compressed formats only, else 0
 */
public record AudioFormat(Encoding encoding, int sampleRate, int bitrateKbps) {
    private static final Pattern NAME = Pattern.compile("(pcm|ulaw|alaw|mp3)_(\\d+)(?:_(\\d+))?");

    public enum Encoding {
        /** Headerless signed 16-bit little-endian mono. */
        PCM_S16LE,
        /** G.711 μ-law, one byte per sample. */
        ULAW,
        /** G.711 A-law, one byte per sample. */
        ALAW,
        /** MPEG-1/2 layer III. */
        MP3
    }

    /** PCM rates the vendor offers and the pipeline resamples from (ElevenLabs output_format list). */
    public static final java.util.Set<Integer> PCM_RATES = java.util.Set.of(8000, 16000, 22050, 24000, 32000, 44100, 48000);
    /** MPEG-1, -2 and -2.5 Layer III sample rates (ISO/IEC 11172-3, 13818-3). */
    public static final java.util.Set<Integer> MP3_RATES =
            java.util.Set.of(8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000);
    /** Layer III bitrates of MPEG-1 and MPEG-2 together, kbit/s. */
    public static final java.util.Set<Integer> MP3_BITRATES = java.util.Set.of(
            8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 192, 224, 256, 320);

    public static final AudioFormat PCM_8000 = new AudioFormat(Encoding.PCM_S16LE, 8000, 0);
    public static final AudioFormat PCM_16000 = new AudioFormat(Encoding.PCM_S16LE, 16000, 0);
    public static final AudioFormat ULAW_8000 = new AudioFormat(Encoding.ULAW, 8000, 0);
    public static final AudioFormat ALAW_8000 = new AudioFormat(Encoding.ALAW, 8000, 0);

    public AudioFormat {
        if (sampleRate < 8000 || sampleRate > 48000) {
            throw new IllegalArgumentException("sample rate must be 8000..48000 Hz, was " + sampleRate);
        }
        if ((encoding == Encoding.ULAW || encoding == Encoding.ALAW) && sampleRate != 8000) {
            throw new IllegalArgumentException("G.711 is 8000 Hz only, was " + sampleRate);
        }
    }

    /** Parses a vendor format name; the exception message says what is wrong with it. */
    public static AudioFormat parse(String name) {
        Matcher m = NAME.matcher(name == null ? "" : name);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a known audio format");
        }
        Encoding encoding = switch (m.group(1)) {
            case "pcm" -> Encoding.PCM_S16LE;
            case "ulaw" -> Encoding.ULAW;
            case "alaw" -> Encoding.ALAW;
            default -> Encoding.MP3;
        };
        int bitrate = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if ((encoding == Encoding.MP3) != (bitrate > 0)) {
            throw new IllegalArgumentException("'" + name + "': a bitrate goes with mp3 and only with mp3");
        }
        int rate = Integer.parseInt(m.group(2));
        if (encoding == Encoding.PCM_S16LE && !PCM_RATES.contains(rate)) {
            throw new IllegalArgumentException("'" + name + "': pcm sample rate must be one of "
                    + new java.util.TreeSet<>(PCM_RATES) + ", was " + rate);
        }
        if (encoding == Encoding.MP3 && (!MP3_RATES.contains(rate) || !MP3_BITRATES.contains(bitrate))) {
            throw new IllegalArgumentException("'" + name + "': not an MP3 Layer III rate/bitrate pair ("
                    + rate + " Hz, " + bitrate + " kbit/s)");
        }
        return new AudioFormat(encoding, rate, bitrate);
    }

    /** The vendor's name for this format, the inverse of {@link #parse}. */
    public String vendorName() {
        String prefix = switch (encoding) {
            case PCM_S16LE -> "pcm";
            case ULAW -> "ulaw";
            case ALAW -> "alaw";
            case MP3 -> "mp3";
        };
        return prefix + "_" + sampleRate + (bitrateKbps > 0 ? "_" + bitrateKbps : "");
    }

    @Override
    public String toString() {
        return vendorName();
    }
}
