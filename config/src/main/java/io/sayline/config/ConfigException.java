package io.sayline.config;

/**
 * A configuration problem, always naming the key it concerns so that an operator can fix it from the
 * one line Sayline prints: {@code rtp.portRange: 30000-20000 is empty}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String problem;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** The dotted key path, for example {@code tts.eleven.chunkLengthSchedule[0]}. */
    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
