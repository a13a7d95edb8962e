package io.sayline.rtp.transcode;

/**
 * Decodes one vendor byte stream to signed 16-bit mono PCM. Chunks may split the stream anywhere (an
 * odd byte, half an MP3 frame): the decoder keeps what it cannot use yet, so any split gives the
 * same samples. Bad input is counted in {@link #errors()}, never thrown.
 */
interface StreamDecoder {
    void decode(byte[] chunk, int off, int len, SampleSink sink);

    /** The stream is complete: deliver whatever is still held back. */
    void end(SampleSink sink);

    /** Input the decoder had to drop: a truncated sample, an unparseable or undecodable MP3 frame. */
    long errors();
}
