package io.sayline.tools.elsim;

/** One generation's encoded audio with its duration and per-character alignment. */
record RenderedAudio(byte[] bytes, double durationMs, Alignment alignment) {

    /** Time position of a byte offset: encoded bytes are spread evenly over the duration. */
    double msAt(int byteOffset) {
        return bytes.length == 0 ? 0 : durationMs * byteOffset / bytes.length;
    }
}
