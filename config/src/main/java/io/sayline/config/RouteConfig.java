package io.sayline.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a call goes: the first route whose {@code match} regular expression matches the whole
 * Request-URI user part wins.
 *
 * @param match regular expression over the Request-URI user
 * @param bot   {@code builtin:NAME}, or a {@code ws://} / {@code wss://} URL of the bot
 * @param tts   name of a block under {@code tts:}
 * @param token bearer token sent to the bot, or null
 * @param stt   name of a block under {@code stt:} used when the bot sends {@code transcribe}, or null
 * @param transferTo regular expressions over the whole target URI a bot's {@code transfer} may name; empty (the
 *              default) refuses every transfer: a REFER to a premium-rate number is how toll fraud is done
 * @param auth  digest credentials INVITEs to this route must carry, or null for none
 */
public record RouteConfig(String match, String bot, String tts, String token, String stt, List<String> transferTo,
                          AuthConfig auth) {

    public RouteConfig {
        transferTo = transferTo == null ? List.of() : List.copyOf(transferTo);
    }

    /** A route with no speech-to-text, no transfers allowed and no authentication. */
    public RouteConfig(String match, String bot, String tts, String token) {
        this(match, bot, tts, token, null, List.of(), null);
    }

    /** True when {@code target} matches one of {@link #transferTo()} as a whole. */
    public boolean allowsTransferTo(String target) {
        return target != null && transferTo.stream().anyMatch(pattern -> Pattern.compile(pattern).matcher(target)
                .matches());
    }

    public boolean matches(String user) {
        return Pattern.compile(match).matcher(user == null ? "" : user).matches();
    }

    /** Without the bot's bearer token (Secrets). */
    @Override
    public String toString() {
        return Secrets.describe(this, "token");
    }
}
