package io.sayline.rtp.transcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads prompt files: RIFF/WAVE with 16-bit mono PCM at a {@link AudioFormat#PCM_RATES} rate (or
 * G.711 μ-law/A-law mono at 8 kHz), returned as an {@link AudioFormat} and the raw sample bytes, ready
 * for {@link Transcoder#write}. Anything else is an {@link IllegalArgumentException} naming what is
 * wrong, at load time rather than as noise on a call. Format per the Microsoft RIFF/WAVE spec
 * (Multimedia Programming Interface and Data Specifications 1.0, "WAVE Form").
 */
public final class WavReader {
    /** Prompts are short; a limit keeps a wrong path from loading gigabytes. */
    public static final int MAX_BYTES = 64 << 20;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final int MIN_FMT_SIZE = 16;
    private static final int EXTENSIBLE_SUBFORMAT_OFFSET = 24;

    /** A decoded WAV file: what the bytes are, and the bytes (little-endian for PCM). */
    public record WavAudio(AudioFormat format, byte[] data) {
        public double seconds() {
            int bytesPerSample = format.encoding() == AudioFormat.Encoding.PCM_S16LE ? 2 : 1;
            return (double) data.length / bytesPerSample / format.sampleRate();
        }
    }

    private WavReader() {
    }

    public static WavAudio read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": " + size + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        try {
            return read(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static WavAudio read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < RIFF_HEADER || b.getInt(0) != fourCc("RIFF") || b.getInt(8) != fourCc("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        AudioFormat format = null;
        int pos = RIFF_HEADER;
        while (pos + CHUNK_HEADER <= file.length) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xFFFF_FFFFL;
            int body = pos + CHUNK_HEADER;
            if (id == fourCc("fmt ")) {
                if (size < MIN_FMT_SIZE || body + size > file.length) {
                    throw new IllegalArgumentException("truncated fmt chunk");
                }
                format = parseFormat(b, body, (int) size);
            } else if (id == fourCc("data")) {
                if (format == null) {
                    throw new IllegalArgumentException("data chunk before fmt chunk");
                }
                // Streaming writers leave the size 0 or 0xFFFFFFFF: take what is there.
                long available = file.length - body;
                int length = (int) (size == 0 || size > available ? available : size);
                int bytesPerSample = format.encoding() == AudioFormat.Encoding.PCM_S16LE ? 2 : 1;
                length -= length % bytesPerSample;
                return new WavAudio(format, Arrays.copyOfRange(file, body, body + length));
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1)); // chunks are word-aligned
        }
        throw new IllegalArgumentException(format == null ? "no fmt chunk" : "no data chunk");
    }

    private static AudioFormat parseFormat(ByteBuffer b, int body, int size) {
        int tag = b.getShort(body) & 0xFFFF;
        int channels = b.getShort(body + 2) & 0xFFFF;
        int rate = b.getInt(body + 4);
        int bits = b.getShort(body + 14) & 0xFFFF;
        if (tag == FORMAT_EXTENSIBLE && size >= EXTENSIBLE_SUBFORMAT_OFFSET + 2) {
            tag = b.getShort(body + EXTENSIBLE_SUBFORMAT_OFFSET) & 0xFFFF; // first two bytes of the sub-format GUID
        }
        if (channels != 1) {
            throw new IllegalArgumentException("must be mono, has " + channels + " channels");
        }
        return switch (tag) {
            case FORMAT_PCM -> {
                if (bits != 16) {
                    throw new IllegalArgumentException("PCM must be 16-bit, is " + bits + "-bit");
                }
                if (!AudioFormat.PCM_RATES.contains(rate)) {
                    throw new IllegalArgumentException("sample rate must be one of "
                            + new java.util.TreeSet<>(AudioFormat.PCM_RATES) + ", is " + rate);
                }
                yield new AudioFormat(AudioFormat.Encoding.PCM_S16LE, rate, 0);
            }
            case FORMAT_MULAW, FORMAT_ALAW -> {
                if (rate != 8000 || bits != 8) {
                    throw new IllegalArgumentException("G.711 must be 8-bit at 8000 Hz, is " + bits + "-bit at " + rate);
                }
                yield tag == FORMAT_MULAW ? AudioFormat.ULAW_8000 : AudioFormat.ALAW_8000;
            }
            default -> throw new IllegalArgumentException("unsupported WAVE format tag " + tag
                    + " (need 1 = PCM, 6 = A-law or 7 = μ-law)");
        };
    }

    private static int fourCc(String s) {
        return (s.charAt(0)) | (s.charAt(1) << 8) | (s.charAt(2) << 16) | (s.charAt(3) << 24);
    }
}
