package io.sayline.core.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Small helpers for the admin pages' HTML. Every value that is not a literal of ours goes through {@link #esc}. */
final class Html {
    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query parameter value. */
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The page around {@code body}: the Speech menu, the logout form (with its CSRF token). */
    static String page(String title, String csrf, String body) {
        String nav = csrf == null ? "" : """
                <nav><strong>Speech</strong>: <a href="/admin/speech">Speech services</a> · <a href="/admin/routes">Routes</a>
                <form method="post" action="/admin/logout" class="inline"><input type="hidden" name="csrf" value="%s">
                <button type="submit">Log out</button></form></nav>
                """.formatted(esc(csrf));
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · Sayline admin</title>
                <link rel="stylesheet" href="/admin/static/admin.css"><script src="/admin/static/admin.js" defer></script></head>
                <body>%s<main><h1>%s</h1>
                %s</main></body></html>
                """.formatted(esc(title), nav, esc(title), body);
    }

    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
    }

    /** A field's error, shown next to it; empty when there is none. */
    static String error(String id, String message) {
        return message == null ? "" : "<span class=\"error\" id=\"error-" + esc(id) + "\">" + esc(message) + "</span>";
    }
}
