package io.sayline.sip.stack;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipStackImpl;
import java.util.EventObject;
import javax.sip.SipProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a JAIN SIP RI stack so that none of its non-daemon threads outlive it (docs/dependencies.md, "JAIN SIP RI":
 * they keep the JVM alive), working around two RI gaps measured here.
 */
public final class StackShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(StackShutdown.class);
    private static final int STOP_ATTEMPTS = 50;

    private StackShutdown() {
    }

    public static void stop(SipStackImpl stack, SipProvider provider) {
        EventScanner scanner = stack.getEventScanner();
        stopWithRetry(stack);
        if (scanner != null) {
            // stop() only flags the EventScannerThread, which stays blocked in take() forever; an event of no
            // known type wakes it, it delivers nothing and sees the flag. (Without a provider, as after a failed
            // start, the stack as source makes the RI log one "carrying on bravely" line first.)
            scanner.addEvent(new EventWrapper(new EventObject(provider != null ? provider : stack), null));
        }
    }

    /**
     * The UDP processor creates its channel list on its own thread after start; a stop before that thread
     * ran throws a NullPointerException half-way. Once the thread has run, a second stop completes.
     */
    private static void stopWithRetry(SipStackImpl stack) {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.stop();
                return;
            } catch (RuntimeException e) {
                if (attempt >= STOP_ATTEMPTS) {
                    LOG.error("SIP stack did not stop cleanly", e);
                    return;
                }
                LOG.debug("SIP stack stop failed ({}), retrying", e.toString());
                Thread.yield();
            }
        }
    }
}
