package io.sayline.core.control.protocol;

/**
 * The {@code code} of an {@code error} event that Sayline sends when a bot's frame cannot be used.
 * The call goes on after each of them (docs/protocol.md, "Frames and errors").
 */
public enum ProtocolErrorCode {
    /** The frame is not one well-formed JSON object. */
    INVALID_JSON("invalid_json"),
    /** The {@code type} names no command of protocol v1. */
    UNKNOWN_TYPE("unknown_type"),
    /** A required field (or {@code type} itself) is absent or null. */
    MISSING_FIELD("missing_field"),
    /** A field holds the wrong JSON type (a string where a boolean belongs, ...). */
    WRONG_TYPE("wrong_type"),
    /** A field has the right type but a value outside its domain (an unknown enum name, a bad digit). */
    INVALID_VALUE("invalid_value"),
    /** The frame is larger than {@code control.maxFrameBytes}. */
    FRAME_TOO_LARGE("frame_too_large"),
    /** A binary frame from a bot: commands are text frames (binary frames go only to bots, after {@code listen}). */
    BINARY_FRAME("binary_frame");

    private final String wireName;

    ProtocolErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
