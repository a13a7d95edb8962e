package io.sayline.sip.dtmf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A DTMF digit carried by SIP INFO: {@code application/dtmf-relay} ("Signal=5\r\nDuration=160", the de-facto
 * format of Cisco and most PBXs) or {@code application/dtmf} (the digit alone).
 */
public record DtmfInfo(char digit, int durationMs) {
    /** Used when the body carries no Duration line; a typical key press. */
    public static final int DEFAULT_DURATION_MS = 160;
    static final int MAX_BODY_BYTES = 512;
    private static final int MAX_DURATION_MS = 60_000;
    private static final String DIGITS = "0123456789*#ABCD";
    /** Some senders write the RFC 4733 event number instead of the character: 10 is '*', 11 '#', 12-15 A-D. */
    private static final int FIRST_NAMED_EVENT = 10;

    public static Optional<DtmfInfo> parse(String contentSubType, byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentSubType.equalsIgnoreCase("dtmf")) {
            return digit(text.trim()).map(d -> new DtmfInfo(d, DEFAULT_DURATION_MS));
        }
        if (!contentSubType.equalsIgnoreCase("dtmf-relay")) {
            return Optional.empty();
        }
        Optional<Character> digit = Optional.empty();
        int duration = DEFAULT_DURATION_MS;
        for (String line : text.split("\r?\n")) {
            int equals = line.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1).trim();
            if (key.equals("signal")) {
                digit = digit(value);
            } else if (key.equals("duration")) {
                duration = duration(value).orElse(DEFAULT_DURATION_MS);
            }
        }
        int finalDuration = duration;
        return digit.map(d -> new DtmfInfo(d, finalDuration));
    }

    private static Optional<Character> digit(String value) {
        if (value.length() == 1) {
            char c = Character.toUpperCase(value.charAt(0));
            return DIGITS.indexOf(c) >= 0 ? Optional.of(c) : Optional.empty();
        }
        if (value.length() == 2 && Character.isDigit(value.charAt(0)) && Character.isDigit(value.charAt(1))) {
            int event = Integer.parseInt(value);
            if (event >= FIRST_NAMED_EVENT && event < DIGITS.length()) {
                return Optional.of(DIGITS.charAt(event));
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> duration(String value) {
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        int ms = Integer.parseInt(value);
        return ms <= MAX_DURATION_MS ? Optional.of(ms) : Optional.empty();
    }
}
