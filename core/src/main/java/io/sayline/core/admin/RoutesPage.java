package io.sayline.core.admin;

import static io.sayline.core.admin.Html.esc;

import io.sayline.config.RouteConfig;
import java.util.List;
import java.util.Map;

/**
 * Speech → Routes: which speech service each of the file's routes speaks with (TTS) and transcribes with (STT);
 * a choice here overrides the file's {@code routes[].tts} / {@code routes[].stt}.
 */
final class RoutesPage {
    private RoutesPage() {
    }

    /**
     * @param voices      route match → the TTS service assigned here
     * @param ttsServices the services a route may speak with
     * @param stt         route match → the STT service assigned here
     * @param sttServices the services a route may transcribe with
     */
    static String render(List<RouteConfig> routes, Map<String, String> voices, List<String> ttsServices,
                         Map<String, String> stt, List<String> sttServices, String csrf, String error, String notice) {
        StringBuilder body = new StringBuilder();
        body.append(notice == null ? "" : "<p class=\"notice\" id=\"notice\">" + esc(notice) + "</p>");
        body.append(error == null ? "" : "<p class=\"error\" id=\"form-error\">" + esc(error) + "</p>");
        body.append("<table id=\"routes\"><thead><tr><th>Match</th><th>Bot</th><th>File's TTS</th><th>File's STT</th>"
                + "<th>Speaks with / transcribes with</th></tr></thead><tbody>\n");
        for (int i = 0; i < routes.size(); i++) {
            RouteConfig route = routes.get(i);
            String fileStt = route.stt() == null ? "none" : route.stt();
            body.append("<tr><td>").append(esc(route.match())).append("</td><td>").append(esc(route.bot()))
                    .append("</td><td>").append(esc(route.tts())).append("</td><td>").append(esc(fileStt))
                    .append("</td><td>")
                    .append("<form method=\"post\" action=\"/admin/routes\">").append(Html.csrfField(csrf))
                    .append("<input type=\"hidden\" name=\"match\" value=\"").append(esc(route.match())).append("\">")
                    .append("<label>TTS <select name=\"tts\" id=\"route-").append(i).append("-tts\">")
                    .append(options(route.tts(), ttsServices, voices.get(route.match()))).append("</select></label> ")
                    .append("<label>STT <select name=\"stt\" id=\"route-").append(i).append("-stt\">")
                    .append(options(fileStt, sttServices, stt.get(route.match()))).append("</select></label> ")
                    .append("<button type=\"submit\" id=\"route-").append(i).append("-save\">Save</button></form>")
                    .append("</td></tr>\n");
        }
        body.append("</tbody></table>");
        return Html.page("Routes", csrf, body.toString());
    }

    /** "the file's (X)" first (value ""), then each service, {@code current} selected. */
    private static String options(String fileChoice, List<String> services, String current) {
        StringBuilder options = new StringBuilder("<option value=\"\">the file's (" + esc(fileChoice) + ")</option>");
        for (String service : services) {
            options.append("<option value=\"").append(esc(service)).append('"')
                    .append(service.equals(current) ? " selected" : "").append('>').append(esc(service)).append("</option>");
        }
        return options.toString();
    }
}
