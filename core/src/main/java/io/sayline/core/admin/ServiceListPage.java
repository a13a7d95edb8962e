package io.sayline.core.admin;

import static io.sayline.core.admin.Html.esc;

import io.sayline.config.TtsVendorConfig;
import java.util.List;

/** Speech → Speech services: every service, where it is defined, and how it is doing. */
final class ServiceListPage {
    private ServiceListPage() {
    }

    static String render(List<SpeechService> services, ServiceHealth health, String csrf, String notice) {
        StringBuilder rows = new StringBuilder();
        for (SpeechService service : services) {
            TtsVendorConfig b = service.block();
            ServiceHealth.Status status = health.of(service.name());
            // A service only listening shows its STT model, not the voice it would speak with (a file's stt: block
            // has none).
            boolean sttOnly = service.useForStt() && !service.useForTts();
            String voice = sttOnly ? "" : b.isEmbedded() ? b.voice() : b.voiceId() + " / " + b.modelId();
            if (service.useForStt()) {
                voice += (sttOnly ? "" : ", ") + "STT " + service.stt().modelId();
            }
            String action = service.fromFile() ? "<span class=\"readonly\">read-only</span>"
                    : "<a href=\"/admin/speech/edit?name=" + esc(Html.url(service.name())) + "\">Edit</a>";
            rows.append("<tr data-name=\"").append(esc(service.name())).append("\">")
                    .append("<td class=\"name\">").append(esc(service.name())).append("</td>")
                    .append("<td>").append(esc(b != null ? b.provider() : service.stt().provider())).append("</td>")
                    .append("<td>").append(esc(voice)).append("</td>")
                    .append("<td class=\"uses\">").append(service.uses()).append("</td>")
                    .append("<td class=\"streaming\">").append(esc(sttOnly || b.isEmbedded() ? "—" : b.streaming())).append("</td>")
                    .append("<td>").append(service.fromFile() ? "config file" : "ui").append("</td>")
                    .append("<td class=\"health\">").append(health(status)).append("</td>")
                    .append("<td>").append(action).append("</td></tr>\n");
        }
        String body = (notice == null ? "" : "<p class=\"notice\">" + esc(notice) + "</p>")
                + "<p><a class=\"button\" id=\"add-service\" href=\"/admin/speech/new\">Add speech service</a></p>"
                + "<table id=\"services\"><thead><tr><th>Name</th><th>Vendor</th><th>Voice / model</th><th>Uses</th>"
                + "<th>Streaming</th><th>Source</th><th>Health</th><th></th></tr></thead><tbody>\n" + rows
                + "</tbody></table>";
        return Html.page("Speech services", csrf, body);
    }

    private static String health(ServiceHealth.Status status) {
        String ttfa = status.lastTtfaMs() == null ? "no TTFA yet" : "last TTFA " + status.lastTtfaMs() + " ms";
        String error = status.lastError() == null ? "no error"
                : "last error " + status.lastErrorAt() + ": " + status.lastError();
        return esc(ttfa) + "<br>" + esc(error);
    }
}
