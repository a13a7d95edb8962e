package io.sayline.tools.load;

/**
 * One second of the run.
 *
 * @param seconds       since the first call was placed
 * @param liveCalls     calls whose bot session is open
 * @param completed     calls SIPp completed so far
 * @param failed        calls SIPp saw fail so far
 * @param utterances    utterances the bot has said so far
 * @param gatewayCpu    the server JVM's CPU over the last second, % of the whole machine (all cores)
 * @param harnessCpu    the load tool, simulator, SIPp, capture and jstat together, % of the machine
 * @param heapMb        the server's used heap (eden, survivors, old), MB; NaN until jstat reports
 * @param retainedMb    of that, what survived a collection (survivors and old), MB; NaN until jstat reports
 * @param gatewayThreads the server JVM's threads
 */
record Sample(double seconds, int liveCalls, int completed, int failed, int utterances, double gatewayCpu,
              double harnessCpu, double heapMb, double retainedMb, int gatewayThreads) {
}
