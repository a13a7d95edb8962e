package io.sayline.config;

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
 */
public record RouteConfig(String match, String bot, String tts, String token, String stt) {

    public boolean matches(String user) {
        return Pattern.compile(match).matcher(user == null ? "" : user).matches();
    }
}
