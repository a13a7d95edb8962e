package io.sayline.core.admin;

import io.sayline.config.ConfigException;
import io.sayline.core.tts.SwappableVendors;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The logged-in pages: Speech services, add / edit / save / delete / Test voice, Routes. */
final class AdminPages {
    private final SpeechServices services;
    private final SwappableVendors vendors;
    private final ServiceHealth health;
    private final AdminMetrics metrics;

    AdminPages(SpeechServices services, SwappableVendors vendors, ServiceHealth health, AdminMetrics metrics) {
        this.services = services;
        this.vendors = vendors;
        this.health = health;
        this.metrics = metrics;
    }

    /** @return false when no page has this method and path */
    boolean handle(AdminExchange ex, Sessions.Session session) throws IOException {
        String csrf = session.csrf();
        switch (ex.method() + " " + ex.path()) {
            case "GET /admin", "GET /admin/" -> ex.redirect("/admin/speech");
            case "GET /admin/speech" -> ex.html(200, ServiceListPage.render(services.all(), health, csrf,
                    ex.query().containsKey("deleted") ? "Deleted." : null));
            case "GET /admin/speech/new" -> ex.html(200, ServiceEditPage.render(null, 0, true, false, Map.of(), false,
                    fileServices(), csrf, null, null, null));
            case "GET /admin/speech/edit" -> edit(ex, csrf);
            case "POST /admin/speech/save" -> save(ex, csrf);
            case "POST /admin/speech/delete" -> delete(ex, csrf);
            case "POST /admin/speech/test" -> test(ex, csrf);
            case "GET /admin/routes" -> ex.html(200, routes(csrf, null, null));
            case "POST /admin/routes" -> assignRoute(ex, csrf);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void edit(AdminExchange ex, String csrf) throws IOException {
        String name = ex.query().get("name");
        Optional<SpeechService> service = name == null ? Optional.empty() : services.find(name);
        if (service.isEmpty() || service.get().fromFile()) {
            ex.html(404, Html.page("Not found", csrf, "<p>No speech service editable here: "
                    + Html.esc(name) + " (services of the configuration file are read-only).</p>"));
            return;
        }
        SpeechService s = service.get();
        ex.html(200, ServiceEditPage.render(s.name(), s.version(), s.useForTts(), s.useForStt(), ServiceForm.values(s),
                true,
                fileServices(), csrf, null, null, ex.query().containsKey("saved") ? "Saved: new calls use it now." : null));
    }

    private void save(AdminExchange ex, String csrf) throws IOException {
        Map<String, String> form = ex.form();
        String name = form.getOrDefault("name", "").strip();
        long version = 0;
        boolean isNew = form.getOrDefault("version", "0").equals("0");
        try {
            version = parseVersion(form.get("version"));
            services.save(name, ServiceForm.keys(form), form.containsKey("useForTts"), ServiceForm.sttKeys(form),
                    form.containsKey("useForStt"), version);
            metrics.savesApplied.increment();
            ex.redirect("/admin/speech/edit?saved=1&name=" + Html.url(name));
        } catch (ConfigException e) {
            metrics.savesInvalid.increment();
            String field = ServiceForm.field(e);
            ex.html(400, again(form, isNew ? null : name, version, csrf, field, e.problem()));
        } catch (StaleSaveException e) {
            metrics.savesStale.increment();
            ex.html(409, again(form, isNew ? null : name, version, csrf, null, e.getMessage()));
        }
    }

    /** The form as the editor sent it (the API key excepted), with the problem shown. */
    private String again(Map<String, String> form, String name, long version, String csrf, String field, String error) {
        Map<String, String> values = new java.util.HashMap<>(form);
        values.remove("apiKey");
        boolean keySet = name != null && services.find(name)
                .map(s -> s.block() != null && s.block().apiKey() != null).orElse(false);
        return ServiceEditPage.render(name, version, form.containsKey("useForTts"), form.containsKey("useForStt"), values,
                keySet, fileServices(), csrf, field, error, null);
    }

    private void delete(AdminExchange ex, String csrf) throws IOException {
        Map<String, String> form = ex.form();
        try {
            services.delete(form.getOrDefault("name", ""), parseVersion(form.get("version")));
            ex.redirect("/admin/speech?deleted=1");
        } catch (StaleSaveException e) {
            ex.html(409, Html.page("Not deleted", csrf, "<p class=\"error\" id=\"form-error\">" + Html.esc(e.getMessage())
                    + "</p><p><a href=\"/admin/speech\">Speech services</a></p>"));
        }
    }

    private void test(AdminExchange ex, String csrf) throws IOException {
        String name = ex.form().getOrDefault("name", "");
        StringBuilder body = new StringBuilder();
        if (!vendors.contains(name)) {
            body.append("<p class=\"error\" id=\"form-error\">'").append(Html.esc(name))
                    .append("' is not in use for text-to-speech: turn Use for text-to-speech on and save first.</p>");
        } else {
            try {
                TestVoice.Result result = TestVoice.run(vendors.apply(name));
                if (result.error() != null) {
                    health.error(name, result.error());
                    body.append("<p class=\"error\" id=\"form-error\">").append(Html.esc(result.error())).append("</p>");
                } else {
                    if (result.ttfaMs() != null) {
                        health.ttfa(name, result.ttfaMs());
                    }
                    body.append("<p>Vendor first byte: <span id=\"vendor-first-byte\">").append(result.vendorFirstByteMs())
                            .append("</span> ms · TTFA measured by Sayline: <span id=\"ttfa\">").append(result.ttfaMs())
                            .append("</span> ms · ").append(result.audio().length).append(" bytes</p>")
                            .append("<audio id=\"sample\" controls src=\"data:").append(result.contentType()).append(";base64,")
                            .append(Base64.getEncoder().encodeToString(result.audio())).append("\"></audio>");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                body.append("<p class=\"error\">interrupted</p>");
            }
        }
        body.append("<p><a href=\"/admin/speech/edit?name=").append(Html.esc(Html.url(name))).append("\">Back</a></p>");
        ex.html(200, Html.page("Test voice: " + name, csrf, body.toString()));
    }

    private void assignRoute(AdminExchange ex, String csrf) throws IOException {
        Map<String, String> form = ex.form();
        try {
            String match = form.getOrDefault("match", "");
            if (form.containsKey("stt")) {
                services.assignRoute(match, form.get("tts"), form.get("stt"));
            } else {
                services.assignRoute(match, form.get("tts"));
            }
            ex.html(200, routes(csrf, null, "Saved: new calls on this route use it now."));
        } catch (ConfigException e) {
            ex.html(400, routes(csrf, e.problem(), null));
        }
    }

    private String routes(String csrf, String error, String notice) {
        List<String> usable = services.all().stream().filter(SpeechService::useForTts).map(SpeechService::name).toList();
        return RoutesPage.render(services.routes(), services.routeVoices(), usable, services.routeStt(),
                services.sttChoices(), csrf, error, notice);
    }

    private List<String> fileServices() {
        return services.all().stream().filter(s -> s.fromFile() && s.useForTts()).map(SpeechService::name).toList();
    }

    private static long parseVersion(String version) {
        try {
            return version == null || version.isBlank() ? 0 : Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new ConfigException("service.version", "must be a whole number");
        }
    }
}
