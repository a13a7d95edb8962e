package io.sayline.core.admin;

import static io.sayline.core.admin.Html.esc;

import io.sayline.config.RouteConfig;
import java.util.List;
import java.util.Map;

/** Speech → Routes: which speech service each of the file's routes speaks with; a choice here overrides the file. */
final class RoutesPage {
    private RoutesPage() {
    }

    static String render(List<RouteConfig> routes, Map<String, String> assigned, List<String> services, String csrf,
                         String error, String notice) {
        StringBuilder body = new StringBuilder();
        body.append(notice == null ? "" : "<p class=\"notice\" id=\"notice\">" + esc(notice) + "</p>");
        body.append(error == null ? "" : "<p class=\"error\" id=\"form-error\">" + esc(error) + "</p>");
        body.append("<table id=\"routes\"><thead><tr><th>Match</th><th>Bot</th><th>File's TTS</th><th>Speaks with</th>"
                + "<th></th></tr></thead><tbody>\n");
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String current = assigned.get(route.match());
            StringBuilder options = new StringBuilder("<option value=\"\">the file's (" + esc(route.tts()) + ")</option>");
            for (String service : services) {
                options.append("<option value=\"").append(esc(service)).append('"')
                        .append(service.equals(current) ? " selected" : "").append('>').append(esc(service)).append("</option>");
            }
            body.append("<tr><td>").append(esc(route.match())).append("</td><td>").append(esc(route.bot()))
                    .append("</td><td>").append(esc(route.tts())).append("</td><td>")
                    .append("<form method=\"post\" action=\"/admin/routes\">").append(Html.csrfField(csrf))
                    .append("<input type=\"hidden\" name=\"match\" value=\"").append(esc(route.match())).append("\">")
                    .append("<select name=\"tts\" id=\"route-").append(i).append("-tts\">").append(options)
                    .append("</select> <button type=\"submit\" id=\"route-").append(i).append("-save\">Save</button></form>")
                    .append("</td></tr>\n");
        }
        body.append("</tbody></table>");
        return Html.page("Routes", csrf, body.toString());
    }
}
