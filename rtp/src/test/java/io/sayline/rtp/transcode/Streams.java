package io.sayline.rtp.transcode;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test inputs and a way to run them through a transcoder in chunks. */
final class Streams {
    static final String CHIRP_MP3 = "chirp-44100-mono-64k.mp3";
    static final String TONE_MP3 = "tone440-22050-mono-32k.mp3";

    private Streams() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Streams.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A faded 300 Hz + 1 kHz tone pair, {@code seconds} long, in the given vendor format's bytes. */
    static byte[] signal(AudioFormat format, double seconds) {
        int rate = format.sampleRate();
        int n = (int) (seconds * rate);
        short[] pcm = new short[n];
        int fade = rate / 50;
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1, Math.min(i, n - 1 - i) / (double) fade);
            pcm[i] = (short) Math.round(envelope * (9000 * Math.sin(2 * Math.PI * 300 * i / rate)
                    + 4000 * Math.sin(2 * Math.PI * 1000 * i / rate)));
        }
        return switch (format.encoding()) {
            case PCM_S16LE -> littleEndian(pcm);
            case ULAW, ALAW -> {
                byte[] codes = new byte[n];
                (format.encoding() == AudioFormat.Encoding.ULAW ? G711Codec.PCMU : G711Codec.PCMA)
                        .encode(pcm, 0, n, codes, 0);
                yield codes;
            }
            case MP3 -> throw new IllegalArgumentException("MP3 inputs are resources");
        };
    }

    static byte[] littleEndian(short[] pcm) {
        byte[] bytes = new byte[2 * pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return bytes;
    }

    /** Runs {@code input} through a new transcoder in chunks of the given sizes (cycled); returns all frames. */
    static byte[] transcode(AudioFormat format, G711Codec codec, byte[] input, int[] chunkSizes) {
        List<byte[]> frames = new ArrayList<>();
        Transcoder transcoder = Transcoder.create(format, codec, frames::add);
        int done = 0;
        for (int c = 0; done < input.length; c++) {
            int len = Math.min(input.length - done, Math.max(1, chunkSizes[c % chunkSizes.length]));
            // copy, so a transcoder keeping a reference to the caller's array would show up
            byte[] chunk = java.util.Arrays.copyOfRange(input, done, done + len);
            transcoder.write(chunk, 0, len);
            java.util.Arrays.fill(chunk, (byte) 0x5A);
            done += len;
        }
        transcoder.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            if (frame.length != MediaFrame.SAMPLES) {
                throw new AssertionError("frame of " + frame.length + " bytes");
            }
            out.writeBytes(frame);
        }
        if (frames.size() != transcoder.framesOut()) {
            throw new AssertionError(frames.size() + " frames but framesOut " + transcoder.framesOut());
        }
        return out.toByteArray();
    }

    static int[] randomChunks(long seed, int count, int max) {
        Random random = new Random(seed);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = 1 + random.nextInt(max);
        }
        return sizes;
    }

    static short[] decode(G711Codec codec, byte[] codes) {
        short[] pcm = new short[codes.length];
        codec.decode(codes, 0, codes.length, pcm, 0);
        return pcm;
    }
}
