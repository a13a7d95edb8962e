package io.sayline.rtp.transcode;

/** Receives linear PCM from a {@link StreamDecoder}; the array is reused after the call returns. */
interface SampleSink {
    void samples(short[] pcm, int off, int len, int sampleRate);
}
