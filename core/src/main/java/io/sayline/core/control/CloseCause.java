package io.sayline.core.control;

/** Why a {@link ControlChannel} ended; reported once through {@link ControlChannel.Listener#onClosed}. */
public enum CloseCause {
    /**
     * The channel never opened: bad URI, TCP connect refused, TLS or WebSocket handshake failed (including
     * a bot that does not accept subprotocol {@code sayline.v1}), or {@code connectTimeoutMs} ran out.
     */
    CONNECT_FAILED,
    /** The bot sent a close frame with 1000 (normal), 1001 (going away) or no status. */
    CLOSED_BY_BOT,
    /** The connection broke: TCP closed without a close frame, an I/O error, or an error close status. */
    DROPPED,
    /**
     * The bot stopped reading: more than {@link ControlChannel#MAX_UNREAD_BYTES} of events waited in Sayline for
     * it, so Sayline closed the connection rather than let the call's memory grow.
     */
    NOT_READING,
    /** Sayline called {@link ControlChannel#close()}. */
    CLOSED_LOCALLY
}
