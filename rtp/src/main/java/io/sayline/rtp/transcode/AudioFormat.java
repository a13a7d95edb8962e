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
        return new AudioFormat(encoding, Integer.parseInt(m.group(2)), bitrate);
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
