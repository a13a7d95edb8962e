package io.sayline.sip.logging;

import gov.nist.core.StackLogger;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.STACK_LOGGER}, bridged to SLF4J.
 *
 * <p>Without it the RI reaches for log4j 1.x and fails to start with {@code NoClassDefFoundError:
 * org/apache/log4j/Layout} (docs/dependencies.md, "JAIN SIP RI"). Every line is cut to {@link #MAX_LINE_CHARS}: on each
 * unparseable datagram the stack logs an ERROR of ≈ 200 KB (its whole receive buffer as decimals),
 * so a flood of junk packets would otherwise fill the disk. Those parse failures are a caller's fault,
 * not ours, and go out at WARN. The RI instantiates this class by name, with no arguments.
 */
public final class Slf4jStackLogger implements StackLogger {
    /** Long enough for any SIP start line and a header or two; the tail of junk dumps is noise. */
    static final int MAX_LINE_CHARS = 400;
    private static final String LOGGER_NAME = "io.sayline.sip.stack.jainsip";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    private static final String WAKE_UP_EVENT = "bad event";

    /** At junk-flood rates one WARN per bad datagram is still a disk-filler: beyond this, lines are counted. */
    static final int MAX_WARNINGS_PER_SECOND = 20;
    private static final WarningBudget BUDGET = new WarningBudget(MAX_WARNINGS_PER_SECOND, System::nanoTime);

    /**
     * How the RI's UDP channel reports a datagram it threw away (a request without Via or From, a message
     * it failed to process): these log lines are the only trace of the drop, so they are counted here. The
     * RI logs them whenever logging is enabled at all, which {@link #isLoggingEnabled()} says at INFO.
     */
    static final List<String> DROP_REPORTS = List.of(">>> Dropped Bad Msg",
            "Error while processing incoming UDP packet", "Dropping Badly formatted response message",
            "Null request interface returned -- dropping request");
    private static final LongAdder DROPPED_DATAGRAMS = new LongAdder();

    /** Datagrams the RI's UDP channel dropped since start, over all stacks in this JVM. */
    public static long droppedDatagrams() {
        return DROPPED_DATAGRAMS.sum();
    }

    /** Cuts a stack message to one bounded line. */
    static String bounded(String message) {
        if (message == null) {
            return "null";
        }
        String line = message.length() > MAX_LINE_CHARS
                ? message.substring(0, MAX_LINE_CHARS) + "... (" + message.length() + " chars)"
                : message;
        return line.replace('\r', ' ').replace('\n', ' ');
    }

    @Override
    public void logStackTrace() {
        // The RI calls this at DEBUG to show where it is; a stack dump per message is not wanted.
    }

    @Override
    public void logStackTrace(int traceLevel) {
        // See logStackTrace().
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        warn("jain-sip exception: " + bounded(String.valueOf(ex)));
        LOG.debug("jain-sip exception detail", ex);
    }

    /** A WARN within the budget, prefixed with how many were suppressed before it. */
    private static void warn(String line) {
        long suppressed = BUDGET.tryAcquire();
        if (suppressed < 0) {
            return;
        }
        if (suppressed > 0) {
            LOG.warn("({} jain-sip warnings suppressed) {}", suppressed, line);
        } else {
            LOG.warn(line);
        }
    }

    @Override
    public void logDebug(String message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(bounded(message));
        }
    }

    @Override
    public void logDebug(String message, Exception ex) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(bounded(message), ex);
        }
    }

    @Override
    public void logTrace(String message) {
        if (LOG.isTraceEnabled()) {
            LOG.trace(bounded(message));
        }
    }

    @Override
    public void logFatalError(String message) {
        if (message != null && message.startsWith(WAKE_UP_EVENT)) {
            // StackShutdown wakes the RI's event scanner with an event of no known type; that is expected.
            LOG.debug(bounded(message));
            return;
        }
        LOG.error(bounded(message));
    }

    @Override
    public void logError(String message) {
        // The RI reports every unparseable datagram as an ERROR; it is the sender's fault, not ours.
        countDrop(message);
        warn(bounded(message));
    }

    @Override
    public void logError(String message, Exception ex) {
        countDrop(message);
        warn(bounded(message) + ": " + bounded(String.valueOf(ex)));
        LOG.debug("jain-sip error detail", ex);
    }

    private static void countDrop(String message) {
        if (message != null && DROP_REPORTS.stream().anyMatch(message::startsWith)) {
            DROPPED_DATAGRAMS.increment();
        }
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // The RI builds expensive strings behind these checks: answer honestly per level.
        if (logLevel >= TRACE_TRACE) {
            return LOG.isTraceEnabled();
        }
        if (logLevel >= TRACE_DEBUG) {
            return LOG.isDebugEnabled();
        }
        if (logLevel >= TRACE_INFO) {
            return LOG.isDebugEnabled(); // see logInfo
        }
        if (logLevel >= TRACE_WARN) {
            return LOG.isWarnEnabled();
        }
        return logLevel > TRACE_NONE && LOG.isErrorEnabled();
    }

    @Override
    public void logWarning(String message) {
        countDrop(message);
        if (isTlsDefaultsNotice(message)) {
            LOG.debug(bounded(message)); // every start warns that TLS, which Sayline does not use, has defaults
        } else {
            warn(bounded(message));
        }
    }

    private static boolean isTlsDefaultsNotice(String message) {
        String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("tls") || lower.contains("keystore") || lower.contains("truststore");
    }

    @Override
    public void logInfo(String message) {
        // The RI logs per-message details at INFO ("Setting SIPMessage peerPacketSource..."): that is debug.
        if (LOG.isDebugEnabled()) {
            LOG.debug(bounded(message));
        }
    }

    @Override
    public void disableLogging() {
        // Levels belong to the SLF4J configuration.
    }

    @Override
    public void enableLogging() {
        // Levels belong to the SLF4J configuration.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("jain-sip build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to configure: levels belong to the SLF4J configuration.
    }

    @Override
    public String getLoggerName() {
        return LOGGER_NAME;
    }
}
