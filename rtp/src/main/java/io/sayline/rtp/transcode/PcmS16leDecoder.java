package io.sayline.rtp.transcode;

/** Headerless signed 16-bit little-endian mono; an odd byte at a chunk end waits for its partner. */
final class PcmS16leDecoder implements StreamDecoder {
    private static final int BLOCK_SAMPLES = 1024;
    private static final int NO_BYTE = -1;

    private final int sampleRate;
    private final short[] block = new short[BLOCK_SAMPLES];
    private int pendingLow = NO_BYTE;
    private long errors;

    PcmS16leDecoder(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    @Override
    public void decode(byte[] chunk, int off, int len, SampleSink sink) {
        int i = off;
        int end = off + len;
        int n = 0;
        if (pendingLow != NO_BYTE && i < end) {
            block[n++] = (short) ((chunk[i++] << 8) | pendingLow);
            pendingLow = NO_BYTE;
        }
        while (i + 1 < end) {
            block[n++] = (short) ((chunk[i + 1] << 8) | (chunk[i] & 0xFF));
            i += 2;
            if (n == BLOCK_SAMPLES) {
                sink.samples(block, 0, n, sampleRate);
                n = 0;
            }
        }
        if (i < end) {
            pendingLow = chunk[i] & 0xFF;
        }
        if (n > 0) {
            sink.samples(block, 0, n, sampleRate);
        }
    }

    @Override
    public void end(SampleSink sink) {
        if (pendingLow != NO_BYTE) {
            errors++; // half a sample: the vendor stream was cut mid-sample
            pendingLow = NO_BYTE;
        }
    }

    @Override
    public long errors() {
        return errors;
    }
}
