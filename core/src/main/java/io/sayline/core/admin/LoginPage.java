package io.sayline.core.admin;

import static io.sayline.core.admin.Html.esc;

/** The password form; its CSRF token belongs to the not-yet-logged-in session. */
final class LoginPage {
    private LoginPage() {
    }

    static String render(String csrf, String error) {
        return Html.page("Sayline admin", null,
                (error == null ? "" : "<p class=\"error\" id=\"login-error\">" + esc(error) + "</p>")
                        + "<form method=\"post\" action=\"/admin/login\" id=\"login-form\">" + Html.csrfField(csrf)
                        + "<p><label for=\"password\">Password</label> <input type=\"password\" id=\"password\" "
                        + "name=\"password\" autocomplete=\"current-password\" autofocus></p>"
                        + "<p><button type=\"submit\" id=\"login\">Log in</button></p></form>");
    }
}
