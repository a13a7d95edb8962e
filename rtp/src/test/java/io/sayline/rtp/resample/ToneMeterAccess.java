package io.sayline.rtp.resample;

/** Lets tests in other packages measure tones with {@link ToneMeter}. */
public final class ToneMeterAccess {
    private ToneMeterAccess() {
    }

    public static double amplitude(short[] x, int from, int to, double hz, int rate) {
        return ToneMeter.amplitude(x, from, to, hz, rate);
    }
}
