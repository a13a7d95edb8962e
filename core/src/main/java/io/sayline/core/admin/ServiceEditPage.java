package io.sayline.core.admin;

import static io.sayline.core.admin.Html.esc;

import java.util.Map;
import java.util.Set;

/**
 * Add / edit one speech service (ElevenLabs). The API key is write-only: the page says whether one is set and
 * offers a password field to replace it, and never carries the key itself. The streaming settings sit behind the
 * Extra options switch; the speech-to-text settings (blank: the provider's defaults) follow Use for speech-to-text.
 */
final class ServiceEditPage {
    private static final Set<String> EXTRA = Set.of("optimizeStreamingLatency", "stability", "similarityBoost", "style",
            "useSpeakerBoost", "speed", "chunkLengthSchedule", "autoMode", "fallback");

    private ServiceEditPage() {
    }

    /**
     * @param name        the service's name, or null for a new one
     * @param values      the fields' values (from the stored block, or as the editor sent them after an error)
     * @param keySet      whether the service has an API key stored
     * @param errorField  the field the error is shown next to, or null
     */
    static String render(String name, long version, boolean useForTts, boolean useForStt, Map<String, String> values,
                         boolean keySet,
                         Iterable<String> fileServices, String csrf, String errorField, String error, String notice) {
        boolean extraOpen = errorField != null && EXTRA.contains(errorField) || values.containsKey("extraOptions");
        StringBuilder f = new StringBuilder();
        f.append(notice == null ? "" : "<p class=\"notice\" id=\"notice\">" + esc(notice) + "</p>");
        f.append(errorField == null && error != null ? "<p class=\"error\" id=\"form-error\">" + esc(error) + "</p>" : "");
        f.append("<form method=\"post\" action=\"/admin/speech/save\" id=\"service-form\">")
                .append(Html.csrfField(csrf))
                .append("<input type=\"hidden\" name=\"version\" value=\"").append(version).append("\">");
        if (name == null) {
            f.append(text("name", "Name", values.get("name"), errorField, error));
        } else {
            f.append("<input type=\"hidden\" name=\"name\" value=\"").append(esc(name)).append("\">")
                    .append("<p>Name: <strong id=\"service-name\">").append(esc(name)).append("</strong></p>");
        }
        f.append("<p>Vendor: ElevenLabs</p>");
        f.append("<p><label for=\"apiKey\">API key</label> <input type=\"password\" id=\"apiKey\" name=\"apiKey\" "
                        + "autocomplete=\"new-password\" placeholder=\"")
                .append(keySet ? "set (leave blank to keep)" : "not set").append("\"> <span id=\"apiKey-state\">")
                .append(keySet ? "set" : "not set").append("</span> ")
                .append(Html.error("apiKey", "apiKey".equals(errorField) ? error : null)).append("</p>");
        f.append(text("baseUrl", "Base URL", values.get("baseUrl"), errorField, error))
                .append(text("voiceId", "Voice id", values.get("voiceId"), errorField, error))
                .append(text("modelId", "Model id", values.get("modelId"), errorField, error))
                .append(text("outputFormat", "Output format", values.get("outputFormat"), errorField, error));
        f.append(checkbox("useForTts", "Use for text-to-speech", useForTts));
        f.append(select("streaming", "Use streaming", values.get("streaming"),
                new String[][] {{"websocket", "WebSocket"}, {"http", "HTTP"}, {"off", "Off"}}, errorField, error));
        f.append(checkbox("extraOptions", "Extra options", extraOpen));
        f.append("<fieldset id=\"extra-options\"").append(extraOpen ? "" : " hidden").append("><legend>Extra options</legend>")
                .append(text("optimizeStreamingLatency", "Optimise streaming latency (0-4)",
                        values.get("optimizeStreamingLatency"), errorField, error))
                .append(text("stability", "Stability (0-1)", values.get("stability"), errorField, error))
                .append(text("similarityBoost", "Similarity boost (0-1)", values.get("similarityBoost"), errorField, error))
                .append(text("style", "Style (0-1)", values.get("style"), errorField, error))
                .append(select("useSpeakerBoost", "Use speaker boost", values.getOrDefault("useSpeakerBoost", ""),
                        new String[][] {{"", "vendor default"}, {"on", "On"}, {"off", "Off"}}, errorField, error))
                .append(text("speed", "Speed (0.7-1.2)", values.get("speed"), errorField, error))
                .append(text("chunkLengthSchedule", "Chunk length schedule (WebSocket)", values.get("chunkLengthSchedule"),
                        errorField, error))
                .append(checkbox("autoMode", "Auto mode (WebSocket)", values.containsKey("autoMode")));
        StringBuilder fallbacks = new StringBuilder("<option value=\"\">none</option>");
        for (String file : fileServices) {
            fallbacks.append("<option value=\"").append(esc(file)).append('"')
                    .append(file.equals(values.get("fallback")) ? " selected" : "").append('>')
                    .append(esc(file)).append("</option>");
        }
        f.append("<p><label for=\"fallback\">Fallback</label> <select id=\"fallback\" name=\"fallback\">").append(fallbacks)
                .append("</select> ").append(Html.error("fallback", "fallback".equals(errorField) ? error : null))
                .append("</p></fieldset>");
        f.append(checkbox("useForStt", "Use for speech-to-text", useForStt));
        f.append("<fieldset id=\"stt-settings\"><legend>Speech-to-text (ElevenLabs Scribe realtime)</legend>")
                .append(text("sttModelId", "Model id", values.get("sttModelId"), errorField, error))
                .append(text("sttLanguageCode", "Language code (blank: detected)", values.get("sttLanguageCode"),
                        errorField, error))
                .append(select("sttCommitStrategy", "Commit strategy", values.getOrDefault("sttCommitStrategy", "vad"),
                        new String[][] {{"vad", "VAD (the vendor commits after silence)"}, {"manual", "Manual"}},
                        errorField, error))
                .append(text("sttVadSilenceThresholdSecs", "VAD silence threshold (s, more than 0.3, at most 3)",
                        values.get("sttVadSilenceThresholdSecs"), errorField, error))
                .append(text("sttVadThreshold", "VAD threshold (0.1-0.9)", values.get("sttVadThreshold"), errorField,
                        error))
                .append(text("sttMinSpeechDurationMs", "Min speech duration (50-2000 ms)",
                        values.get("sttMinSpeechDurationMs"), errorField, error))
                .append(text("sttMinSilenceDurationMs", "Min silence duration (50-2000 ms)",
                        values.get("sttMinSilenceDurationMs"), errorField, error))
                .append(checkbox("sttIncludeTimestamps", "Include timestamps", values.containsKey("sttIncludeTimestamps")))
                .append(text("sttChunkMs", "Audio chunk (20-100 ms, steps of 20)", values.get("sttChunkMs"), errorField,
                        error))
                .append("</fieldset>");
        f.append("<p><button type=\"submit\" id=\"save\">Save</button></p></form>");
        if (name != null) {
            f.append("<form method=\"post\" action=\"/admin/speech/test\" id=\"test-form\">").append(Html.csrfField(csrf))
                    .append("<input type=\"hidden\" name=\"name\" value=\"").append(esc(name)).append("\">")
                    .append("<button type=\"submit\" id=\"test-voice\">Test voice</button></form>");
            f.append("<form method=\"post\" action=\"/admin/speech/delete\" id=\"delete-form\">").append(Html.csrfField(csrf))
                    .append("<input type=\"hidden\" name=\"name\" value=\"").append(esc(name)).append("\">")
                    .append("<input type=\"hidden\" name=\"version\" value=\"").append(version).append("\">")
                    .append("<button type=\"submit\" id=\"delete\">Delete</button></form>");
        }
        return Html.page(name == null ? "Add speech service" : "Speech service " + name, csrf, f.toString());
    }

    private static String text(String id, String label, String value, String errorField, String error) {
        return "<p><label for=\"" + id + "\">" + esc(label) + "</label> <input type=\"text\" id=\"" + id + "\" name=\""
                + id + "\" value=\"" + esc(value) + "\"> " + Html.error(id, id.equals(errorField) ? error : null) + "</p>";
    }

    private static String checkbox(String id, String label, boolean checked) {
        return "<p><label><input type=\"checkbox\" id=\"" + id + "\" name=\"" + id + "\"" + (checked ? " checked" : "")
                + "> " + esc(label) + "</label></p>";
    }

    private static String select(String id, String label, String value, String[][] options, String errorField,
                                 String error) {
        StringBuilder s = new StringBuilder("<p><label for=\"" + id + "\">" + esc(label) + "</label> <select id=\"" + id
                + "\" name=\"" + id + "\">");
        for (String[] option : options) {
            s.append("<option value=\"").append(esc(option[0])).append('"')
                    .append(option[0].equals(value) ? " selected" : "").append('>').append(esc(option[1])).append("</option>");
        }
        return s.append("</select> ").append(Html.error(id, id.equals(errorField) ? error : null)).append("</p>").toString();
    }
}
