package io.sayline.sip.validation;

import io.sayline.sip.sdp.SessionDescription;
import java.util.List;
import java.util.Optional;

/** What {@link RequestValidator} decided about one request. */
public sealed interface Verdict {

    /** The request is well formed; its SDP body, if it has one, is parsed. */
    record Accepted(Optional<SessionDescription> sdp) implements Verdict {
    }

    /**
     * The request must be answered with this error and not acted on.
     *
     * @param unsupported option tags for the Unsupported header of a 420 (RFC 3261 §8.2.2.3), else empty
     */
    record Rejected(int status, String reason, List<String> unsupported) implements Verdict {
        public Rejected {
            unsupported = List.copyOf(unsupported);
        }

        public Rejected(int status, String reason) {
            this(status, reason, List.of());
        }
    }
}
