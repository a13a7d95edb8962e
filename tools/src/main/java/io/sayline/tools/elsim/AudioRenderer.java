package io.sayline.tools.elsim;

import io.sayline.rtp.g711.G711Codec;
import java.io.IOException;

/** Text to encoded audio in one vendor output format: source samples, then PCM / G.711 / MP3. */
final class AudioRenderer {
    private final SpeechSource source;
    private final Mp3Encoder mp3 = new Mp3Encoder();

    AudioRenderer(SpeechSource source) {
        this.source = source;
    }

    RenderedAudio render(String text, OutputFormat format) throws IOException, InterruptedException {
        short[] pcm = source.render(text, format.sampleRate());
        double durationMs = pcm.length * 1000.0 / format.sampleRate();
        byte[] bytes = switch (format.codec()) {
            case PCM -> littleEndian(pcm);
            case ULAW -> g711(G711Codec.PCMU, pcm);
            case ALAW -> g711(G711Codec.PCMA, pcm);
            case MP3 -> pcm.length == 0 ? new byte[0] : mp3.encode(pcm, format.sampleRate(), format.bitrateKbps());
            case OPUS -> throw new IOException("opus output is unsupported in simulator");
        };
        return new RenderedAudio(bytes, durationMs, Alignment.proportional(text, durationMs));
    }

    private static byte[] g711(G711Codec codec, short[] pcm) {
        byte[] out = new byte[pcm.length];
        codec.encode(pcm, 0, pcm.length, out, 0);
        return out;
    }

    private static byte[] littleEndian(short[] pcm) {
        byte[] out = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            out[2 * i] = (byte) pcm[i];
            out[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        return out;
    }
}
