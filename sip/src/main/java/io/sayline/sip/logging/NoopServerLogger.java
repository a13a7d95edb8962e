package io.sayline.sip.logging;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;

/**
 * JAIN SIP's {@code gov.nist.javax.sip.SERVER_LOGGER}: the message trace is off. Logging every SIP message
 * at 200 calls/s costs more than the calls (docs/dependencies.md, "JAIN SIP RI"); Sayline logs one line per
 * call event instead.
 */
public final class NoopServerLogger implements ServerLogger {

    @Override
    public void closeLogFile() {
        // Nothing open.
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        // Message trace disabled on purpose (see class comment).
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        // Message trace disabled on purpose (see class comment).
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        // Message trace disabled on purpose (see class comment).
    }

    @Override
    public void logException(Exception ex) {
        // The stack logger reports exceptions; this trace is off.
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // Nothing to configure.
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // Nothing to keep.
    }
}
