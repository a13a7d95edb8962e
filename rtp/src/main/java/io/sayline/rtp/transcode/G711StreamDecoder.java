package io.sayline.rtp.transcode;

import io.sayline.rtp.MediaFrame;
import io.sayline.rtp.g711.G711Codec;

/** μ-law or A-law bytes to linear, for a call whose codec differs from the vendor's. */
final class G711StreamDecoder implements StreamDecoder {
    private static final int BLOCK_SAMPLES = 1024;

    private final G711Codec codec;
    private final short[] block = new short[BLOCK_SAMPLES];

    G711StreamDecoder(G711Codec codec) {
        this.codec = codec;
    }

    @Override
    public void decode(byte[] chunk, int off, int len, SampleSink sink) {
        for (int done = 0; done < len; done += BLOCK_SAMPLES) {
            int n = Math.min(BLOCK_SAMPLES, len - done);
            codec.decode(chunk, off + done, n, block, 0);
            sink.samples(block, 0, n, MediaFrame.SAMPLE_RATE);
        }
    }

    @Override
    public void end(SampleSink sink) {
        // one byte per sample: nothing is ever held back
    }

    @Override
    public long errors() {
        return 0;
    }
}
