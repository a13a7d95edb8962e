package io.sayline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A URL as logs, {@code /calls} and call records may show it: user info ({@code wss://user:pass@host}) and the
 * values of query parameters that carry credentials ({@code ?token=...}, {@code key}, {@code secret},
 * {@code password}, {@code auth}, {@code sig}) replaced by {@code ***}. Bots are often reached with a credential in
 * the URL; it must not travel further than the connection that needs it.
 */
public final class RedactedUrl {
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)([?&][^=&#]*(?:token|key|secret|password|passwd|auth|sig)[^=&#]*=)[^&#]*");

    private RedactedUrl() {
    }

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        String shown = SECRET_PARAMETER.matcher(url).replaceAll("$1" + Secrets.HIDDEN);
        try {
            URI uri = new URI(shown);
            if (uri.getRawUserInfo() == null) {
                return shown;
            }
            return shown.replace(uri.getRawUserInfo() + "@", Secrets.HIDDEN + "@");
        } catch (URISyntaxException e) {
            return shown.replaceFirst("//[^/@]*@", "//" + Secrets.HIDDEN + "@");
        }
    }
}
