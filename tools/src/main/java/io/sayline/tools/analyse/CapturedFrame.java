package io.sayline.tools.analyse;

/**
 * One captured link-layer frame.
 *
 * @param timestampNanos capture time, nanoseconds since the epoch
 * @param linkType       the LINKTYPE_ value of its interface
 * @param data           the captured bytes (possibly truncated by the snap length)
 */
record CapturedFrame(long timestampNanos, int linkType, byte[] data) {
}
