package io.sayline.sip;

/**
 * An SDP direction attribute as the remote party wrote it (RFC 4566 §6, RFC 3264 §5.1 and §8.4).
 * "sendonly" or "inactive" from the caller is a hold: we must stop sending.
 */
public enum MediaDirection {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    MediaDirection(String attribute) {
        this.attribute = attribute;
    }

    /** The SDP attribute name, e.g. {@code sendrecv}. */
    public String attribute() {
        return attribute;
    }

    /** True when the remote party wants to receive our media (sendrecv or recvonly). */
    public boolean remoteReceives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** True when the remote party sends media to us (sendrecv or sendonly). */
    public boolean remoteSends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** The direction an answerer writes for this offered direction (RFC 3264 §6.1). */
    public MediaDirection mirror() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    /** The direction for an SDP attribute name, or empty when it is not one. */
    public static java.util.Optional<MediaDirection> ofAttribute(String name) {
        for (MediaDirection direction : values()) {
            if (direction.attribute.equals(name)) {
                return java.util.Optional.of(direction);
            }
        }
        return java.util.Optional.empty();
    }
}
