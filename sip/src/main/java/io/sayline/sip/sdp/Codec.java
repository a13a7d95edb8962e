package io.sayline.sip.sdp;

import java.util.Locale;
import java.util.Optional;

/** The audio codecs Sayline sends: G.711 with their static RTP payload types (RFC 3551 §6, table 4). */
public enum Codec {
    PCMU(0),
    PCMA(8);

    /** G.711 and telephone-event both run at 8 kHz here (RFC 3551 §4.5.14, RFC 4733 §2.1). */
    public static final int CLOCK_RATE = 8000;

    private final int staticPayloadType;

    Codec(int staticPayloadType) {
        this.staticPayloadType = staticPayloadType;
    }

    public int staticPayloadType() {
        return staticPayloadType;
    }

    /** The codec for an rtpmap encoding name (case-insensitive, RFC 4566 §6), or empty. */
    public static Optional<Codec> ofName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (Codec codec : values()) {
            if (codec.name().equals(upper)) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    /** The codec whose static payload type this is, or empty. */
    public static Optional<Codec> ofStaticPayloadType(int payloadType) {
        for (Codec codec : values()) {
            if (codec.staticPayloadType == payloadType) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }
}
