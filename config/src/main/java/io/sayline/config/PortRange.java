package io.sayline.config;

/** An inclusive UDP port range such as {@code 20000-29999}. */
public record PortRange(int low, int high) {

    public PortRange {
        if (low < 1 || high > 65535) {
            throw new IllegalArgumentException(low + "-" + high + " is outside 1-65535");
        }
        if (low > high) {
            throw new IllegalArgumentException(low + "-" + high + " is empty");
        }
    }

    /** Parses {@code LO-HI}; the message of the exception names the problem with the text. */
    public static PortRange parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("is missing");
        }
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not LO-HI");
        }
        try {
            return new PortRange(Integer.parseInt(text.substring(0, dash).trim()),
                    Integer.parseInt(text.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not LO-HI");
        }
    }

    /** How many even ports (RTP's convention, RFC 3550 §11) the range holds. */
    public int evenPortCount() {
        int firstEven = (low % 2 == 0) ? low : low + 1;
        return firstEven > high ? 0 : (high - firstEven) / 2 + 1;
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
