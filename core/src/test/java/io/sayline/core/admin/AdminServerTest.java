package io.sayline.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.AdminConfig;
import io.sayline.config.ConfigLoader;
import io.sayline.config.RouteConfig;
import io.sayline.config.SaylineConfig;
import io.sayline.config.SttVendorConfig;
import io.sayline.core.metrics.Metrics;
import io.sayline.core.stt.SttVendors;
import io.sayline.core.tts.SwappableVendors;
import io.sayline.core.tts.TtsVendor;
import io.sayline.core.tts.TtsVendors;
import io.sayline.core.tts.embedded.EmbeddedVendor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page over real HTTP (no browser): login, the CSRF check, field errors, the write-only API key, the
 * version check, HTML escaping, and a save replacing the vendor new calls get while the old one stays for live
 * calls. The browser test (tools, AdminPageBrowserTest) adds real calls.
 */
class AdminServerTest {
    static final String PASSWORD = "correct horse battery staple";
    static final String KEY = "sk-admin-test-secret-91ab";
    static final String FILE_STT_KEY = "sk-file-stt-secret-77cd";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;
    private ServiceStore store;
    private TtsVendors fileVendors;
    private SwappableVendors vendors;
    private SttVendors stt;
    private SpeechServices services;
    private AdminServer admin;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final Metrics metrics = new Metrics();
    private String cookie;
    private String csrf;

    @BeforeEach
    void start() throws Exception {
        Path yaml = dir.resolve("sayline.yaml");
        Files.writeString(yaml, "admin: { enabled: true, port: 0 }\nstate: { dir: \"" + dir.resolve("state") + "\" }\n"
                + "stt: { scribe-file: { provider: elevenlabs, apiKey: " + FILE_STT_KEY + " } }\n");
        SaylineConfig config = ConfigLoader.load(yaml, Map.of(), List.of());
        store = ServiceStore.open(dir.resolve("state"));
        fileVendors = TtsVendors.create(config, block -> new EmbeddedVendor("embedded", block));
        vendors = new SwappableVendors(fileVendors, Set::of, List.of("PCMU"));
        stt = SttVendors.create(config.stt());
        services = new SpeechServices(config, store, vendors, stt);
        store.putSecret(AdminPassword.SECRET, PasswordHash.hash(PASSWORD.toCharArray()));
        admin = AdminServer.start(config.admin(), store, services, vendors, new ServiceHealth(), new AdminMetrics(metrics),
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        admin.close();
        stt.close();
        vendors.close();
        fileVendors.close();
        store.close();
    }

    @Test
    void aFirstStartPrintsAOneTimePasswordOnceAndKeepsOnlyItsHash() throws Exception {
        try (ServiceStore fresh = ServiceStore.open(dir.resolve("fresh"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String hash = AdminPassword.hash(new AdminConfig(true, "127.0.0.1", 0, null), fresh, new PrintStream(out, true));
            String password = out.toString().replaceFirst("(?s).*: (\\S+)\\s*$", "$1");
            assertTrue(PasswordHash.matches(password.toCharArray(), hash));
            assertEquals(hash, fresh.secret(AdminPassword.SECRET).orElseThrow());
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            AdminPassword.hash(new AdminConfig(true, "127.0.0.1", 0, null), fresh, new PrintStream(again, true));
            assertEquals("", again.toString(), "printed once only");
        }
    }

    @Test
    void pagesNeedALoginAndTheWrongPasswordIsRefused() throws Exception {
        assertEquals(303, get("/admin/speech").statusCode());
        HttpResponse<String> login = get("/admin/login");
        cookie = cookieOf(login);
        csrf = csrf(login.body());
        assertEquals(401, post("/admin/login", Map.of("csrf", csrf, "password", "wrong")).statusCode());
        assertEquals(403, post("/admin/login", Map.of("password", PASSWORD)).statusCode(), "no CSRF token");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain HTTP on loopback: " + setCookie);
        HttpResponse<String> proxied = send(HttpRequest.newBuilder(uri("/admin/login")).header("X-Forwarded-Proto", "https"));
        assertTrue(proxied.headers().firstValue("Set-Cookie").orElseThrow().endsWith("; Secure"));
    }

    @Test
    void repeatedWrongPasswordsFromOneSourceAreRateLimited() throws Exception {
        HttpResponse<String> login = get("/admin/login");
        cookie = cookieOf(login);
        csrf = csrf(login.body());
        for (int i = 0; i < LoginLimiter.MAX_FAILURES; i++) {
            assertEquals(401, post("/admin/login", Map.of("csrf", csrf, "password", "wrong " + i)).statusCode());
        }
        assertEquals(429, post("/admin/login", Map.of("csrf", csrf, "password", PASSWORD)).statusCode(),
                "even the right password, until the window has passed");
        assertEquals(429, send(HttpRequest.newBuilder(uri("/admin/api/speech-services"))
                .header("Authorization", "Bearer " + PASSWORD).GET()).statusCode(), "the API shares the limit");
    }

    @Test
    void saveWithoutTheCsrfTokenIsRefusedAndNothingIsSaved() throws Exception {
        logIn();
        Map<String, String> form = form("ui-one", "0.5");
        form.remove("csrf");
        HttpResponse<String> refused = post("/admin/speech/save", form);
        assertEquals(403, refused.statusCode());
        assertFalse(store.service("ui-one").isPresent());
        assertTrue(metrics.render().contains("sayline_admin_requests_refused_total{reason=\"csrf\"} 1"), metrics.render());
        HttpResponse<String> api = send(HttpRequest.newBuilder(uri("/admin/api/speech-services"))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"apiKey\":\"k\",\"voiceId\":\"v\"}")));
        assertEquals(403, api.statusCode(), "API change by session without the X-CSRF-Token header");
    }

    @Test
    void aWrongValueIsShownNextToItsFieldAndNothingIsSaved() throws Exception {
        logIn();
        HttpResponse<String> page = post("/admin/speech/save", form("ui-one", "1.5"));
        assertEquals(400, page.statusCode());
        assertTrue(page.body().contains("<span class=\"error\" id=\"error-stability\">must be 0..1, was 1.5</span>"),
                page.body());
        assertFalse(store.service("ui-one").isPresent());
        assertFalse(page.body().contains(KEY), "the key typed is not sent back");
    }

    @Test
    void aSaveReplacesTheVendorForNewCallsAndTheKeyIsNeverSentBack() throws Exception {
        logIn();
        assertEquals(303, post("/admin/speech/save", form("ui-one", "0.5")).statusCode());
        TtsVendor first = vendors.apply("ui-one");
        Map<String, String> edit = form("ui-one", "0.6");
        edit.put("apiKey", ""); // blank keeps the stored key
        edit.put("version", "1");
        assertEquals(303, post("/admin/speech/save", edit).statusCode());
        TtsVendor second = vendors.apply("ui-one");
        assertNotSame(first, second, "new calls get the new instance");
        assertEquals(KEY, store.service("ui-one").orElseThrow().block().apiKey(), "the key kept");
        assertEquals(0.6, store.service("ui-one").orElseThrow().block().voiceSettings().stability());

        services.assignRoute(".*", "ui-one");
        RouteConfig route = services.voiceOf(services.routes().get(0));
        assertEquals("ui-one", route.tts());
        assertSame(second, vendors.apply(route.tts()));
        assertEquals(0.6, services.block("ui-one").voiceSettings().stability(), "a bot's configure starts from it");

        for (String path : List.of("/admin/speech", "/admin/speech/edit?name=ui-one", "/admin/routes",
                "/admin/api/speech-services", "/admin/api/speech-services/ui-one")) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), path);
            assertFalse(response.body().contains(KEY), "the key in " + path);
        }
        assertTrue(get("/admin/api/speech-services/ui-one").body().contains("\"apiKey\":\"set\""));
        assertFalse(stdout.toString().contains(KEY));
    }

    @Test
    void aRestartPutsTheStoredServicesAndRouteVoicesBackInUse() throws Exception {
        logIn();
        Map<String, String> form = form("ui-one", "0.5");
        form.put("useForStt", "on");
        form.put("sttChunkMs", "80");
        assertEquals(303, post("/admin/speech/save", form).statusCode());
        services.assignRoute(".*", "ui-one", "ui-one");
        stop();
        store = ServiceStore.open(dir.resolve("state"));
        SaylineConfig config = ConfigLoader.load(dir.resolve("sayline.yaml"), Map.of(), List.of());
        fileVendors = TtsVendors.create(config, block -> new EmbeddedVendor("embedded", block));
        vendors = new SwappableVendors(fileVendors, Set::of, List.of("PCMU"));
        stt = SttVendors.create(config.stt());
        services = new SpeechServices(config, store, vendors, stt);
        admin = AdminServer.start(config.admin(), store, services, vendors, new ServiceHealth(), new AdminMetrics(metrics),
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
        assertTrue(vendors.contains("ui-one"));
        assertEquals("ui-one", services.voiceOf(services.routes().get(0)).tts());
        assertEquals(0.5, services.find("ui-one").orElseThrow().block().voiceSettings().stability());
        assertEquals(80, stt.block("ui-one").chunkMs(), "in use for speech-to-text again");
        assertEquals("ui-one", services.voiceOf(services.routes().get(0)).stt());
    }

    @Test
    void aServiceForSpeechToTextIsCheckedLikeTheFileAndAppliedToNewTranscriptionsAndRoutes() throws Exception {
        logIn();
        Map<String, String> form = form("ui-one", "0.5");
        form.put("useForStt", "on");
        form.put("sttVadThreshold", "0.95");
        HttpResponse<String> refused = post("/admin/speech/save", form);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("<span class=\"error\" id=\"error-sttVadThreshold\">must be 0.1..0.9, was 0.95"
                + "</span>"), refused.body());
        assertFalse(store.service("ui-one").isPresent());
        assertFalse(stt.has("ui-one"));

        form.putAll(Map.of("sttModelId", "scribe_test", "sttLanguageCode", "de", "sttCommitStrategy", "manual",
                "sttVadSilenceThresholdSecs", "1.2", "sttVadThreshold", "0.6", "sttMinSpeechDurationMs", "150",
                "sttMinSilenceDurationMs", "300", "sttIncludeTimestamps", "on", "sttChunkMs", "60"));
        assertEquals(303, post("/admin/speech/save", form).statusCode());
        SttVendorConfig block = stt.block("ui-one");
        assertEquals(new SttVendorConfig("elevenlabs", KEY, "http://127.0.0.1:9", "scribe_test", "de", "manual", 1.2,
                0.6, 150, 300, true, 60, 2000, 3), block, "new transcriptions get it now; timeouts: the defaults");
        String edit = get("/admin/speech/edit?name=ui-one").body();
        assertTrue(edit.contains("id=\"sttChunkMs\" name=\"sttChunkMs\" value=\"60\"")
                && edit.contains("id=\"useForStt\" name=\"useForStt\" checked")
                && edit.contains("id=\"sttIncludeTimestamps\" name=\"sttIncludeTimestamps\" checked"), edit);
        assertTrue(get("/admin/speech").body().contains("<td class=\"uses\">TTS, STT</td>"));

        Map<String, String> route = Map.of("csrf", csrf, "match", ".*", "tts", "", "stt", "ui-one");
        assertEquals(200, post("/admin/routes", route).statusCode());
        assertEquals("ui-one", services.voiceOf(services.routes().get(0)).stt(), "overrides routes[].stt");
        assertTrue(get("/admin/routes").body().contains("<option value=\"ui-one\" selected>ui-one</option>"));

        HttpResponse<String> api = get("/admin/api/speech-services/ui-one");
        assertTrue(api.body().contains("\"useForStt\":true") && api.body().contains("\"stt\":{\"modelId\":\"scribe_test\","
                + "\"languageCode\":\"de\",\"commitStrategy\":\"manual\",\"vadSilenceThresholdSecs\":1.2,"
                + "\"vadThreshold\":0.6,\"minSpeechDurationMs\":150,\"minSilenceDurationMs\":300,"
                + "\"includeTimestamps\":true,\"chunkMs\":60}"), api.body());
        assertFalse(api.body().contains(KEY));
        HttpResponse<String> unknown = put("ui-one", "{\"version\":1,\"voiceId\":\"voice-1\",\"useForStt\":true,"
                + "\"stt\":{\"maxReconnects\":9}}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("\"field\":\"sttMaxReconnects\""), unknown.body());
        HttpResponse<String> off = put("ui-one", "{\"version\":1,\"voiceId\":\"voice-1\",\"useForStt\":false}");
        assertEquals(200, off.statusCode(), off.body());
        assertFalse(stt.has("ui-one"), "new transcriptions no longer find it");
        assertEquals(null, services.voiceOf(services.routes().get(0)).stt(), "the route falls back to the file's");
    }

    @Test
    void theFilesSttBlocksAreListedReadOnlyAndOfferedToRoutes() throws Exception {
        logIn();
        String list = get("/admin/speech").body();
        assertTrue(list.matches("(?s).*<tr data-name=\"scribe-file\">.*<td class=\"uses\">STT</td>.*read-only.*"), list);
        assertTrue(get("/admin/routes").body().contains("<option value=\"scribe-file\">scribe-file</option>"));
        HttpResponse<String> api = get("/admin/api/speech-services/scribe-file");
        assertTrue(api.body().contains("\"source\":\"file\"") && api.body().contains("\"useForStt\":true")
                && api.body().contains("\"apiKey\":\"set\""), api.body());
        assertEquals(404, get("/admin/speech/edit?name=scribe-file").statusCode());
        HttpResponse<String> taken = post("/admin/speech/save", form("scribe-file", "0.5"));
        assertEquals(400, taken.statusCode());
        assertTrue(taken.body().contains("is defined in the configuration file"), taken.body());
        for (String path : List.of("/admin/speech", "/admin/routes", "/admin/api/speech-services")) {
            assertFalse(get(path).body().contains(FILE_STT_KEY), "the file's STT key in " + path);
        }
        assertFalse(api.body().contains(FILE_STT_KEY));
    }

    private HttpResponse<String> put(String name, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri("/admin/api/speech-services/" + name))
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void aSecondEditorsStaleSaveIsRefused() throws Exception {
        logIn();
        post("/admin/speech/save", form("ui-one", "0.5"));
        Map<String, String> first = form("ui-one", "0.6");
        first.put("version", "1");
        Map<String, String> second = form("ui-one", "0.7");
        second.put("version", "1");
        assertEquals(303, post("/admin/speech/save", first).statusCode());
        HttpResponse<String> stale = post("/admin/speech/save", second);
        assertEquals(409, stale.statusCode());
        assertTrue(stale.body().contains("changed by someone else"), stale.body());
        assertEquals(0.6, store.service("ui-one").orElseThrow().block().voiceSettings().stability());
        assertTrue(metrics.render().contains("sayline_admin_saves_total{result=\"stale\"} 1"), metrics.render());

        HttpResponse<String> api = send(HttpRequest.newBuilder(uri("/admin/api/speech-services/ui-one"))
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":1,\"voiceId\":\"v\"}")));
        assertEquals(409, api.statusCode(), api.body());
    }

    @Test
    void aNameWithMarkupRendersAsText() throws Exception {
        logIn();
        assertEquals(303, post("/admin/speech/save", form("<script>alert(1)", "0.5")).statusCode());
        String list = get("/admin/speech").body();
        assertFalse(list.contains("<script>alert(1)"), list);
        assertTrue(list.contains("&lt;script&gt;alert(1)"));
    }

    private Map<String, String> form(String name, String stability) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        form.put("name", name);
        form.put("version", "0");
        form.put("apiKey", KEY);
        form.put("baseUrl", "http://127.0.0.1:9");
        form.put("voiceId", "voice-1");
        form.put("outputFormat", "pcm_16000");
        form.put("useForTts", "on");
        form.put("streaming", "http");
        form.put("extraOptions", "on");
        form.put("optimizeStreamingLatency", "2");
        form.put("stability", stability);
        return form;
    }

    private void logIn() throws Exception {
        HttpResponse<String> login = get("/admin/login");
        cookie = cookieOf(login);
        HttpResponse<String> in = post("/admin/login", Map.of("csrf", csrf(login.body()), "password", PASSWORD));
        assertEquals(303, in.statusCode());
        cookie = cookieOf(in);
        csrf = csrf(get("/admin/speech").body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + admin.port() + path);
    }

    private static String cookieOf(HttpResponse<String> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }
}
