package io.sayline.tools.elsim;

/**
 * Where the simulator's audio comes from: text in, 16-bit mono samples at the requested rate out.
 * Called on the simulator's synthesis pool (blocking is fine, the event loops never call it).
 */
interface SpeechSource extends AutoCloseable {

    short[] render(String text, int sampleRate) throws InterruptedException;

    @Override
    default void close() {
    }
}
