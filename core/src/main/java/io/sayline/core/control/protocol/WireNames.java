package io.sayline.core.control.protocol;

import java.util.Locale;

/** Enum constant ↔ wire name: lower case, '_' becomes '-' ({@code RTP_TIMEOUT} ↔ {@code rtp-timeout}). */
final class WireNames {
    private WireNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant named {@code wire}; {@code unknown} for names this version does not know. */
    static <E extends Enum<E>> E parse(Class<E> type, String wire, E unknown) {
        for (E value : type.getEnumConstants()) {
            if (value != unknown && of(value).equals(wire)) {
                return value;
            }
        }
        return unknown;
    }
}
