package io.sayline.tools.e2e;

import static io.sayline.tools.e2e.VendorCalls.API_KEY;
import static io.sayline.tools.e2e.VendorCalls.VOICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.core.admin.PasswordHash;
import io.sayline.core.control.protocol.Command;
import io.sayline.core.control.protocol.Event;
import io.sayline.core.testing.Await;
import io.sayline.core.testing.TestBot;
import io.sayline.tools.sipp.SippFiles;
import java.util.concurrent.CompletableFuture;
import io.sayline.tools.elsim.RecordedRequest;
import io.sayline.tools.interop.Sipp;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in a real browser (headless Chromium driven by Selenium, Debian's chromium and chromium-driver)
 * against a real Sayline and the ElevenLabs simulator: an operator adds an ElevenLabs service with HTTP streaming
 * and extra options, gives it to the route, and a SIPp call speaks with exactly those settings; switching to
 * WebSocket applies to the next call while the call already live keeps HTTP (both calls placed by SIPp). Also: a wrong value is shown next to
 * its field and nothing is saved, the API key is in no page and no API response, a save without the CSRF token
 * is refused, a second editor's stale save is refused. And speech-to-text: a service's Scribe settings set on the
 * page reach the vendor's handshake when a SIPp call's bot sends {@code transcribe} on the route given to it.
 *
 * <p>With {@code -Dadmin.screenshots=DIR} the list page and the edit page (Extra options open) are saved there as
 * PNG (docs/images holds the committed ones).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageBrowserTest {
    private static final String PASSWORD = "browser-test-password";
    private static final String SERVICE = "eleven-ui";
    private static final String STT_SERVICE = "scribe-ui";
    /** Short: the simulator speaks 60 ms a character, and the calls stay on the line for all utterances. */
    private static final String SENTENCE = "Hello there.";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static VendorCalls calls;
    private static WebDriver browser;
    private static String admin;
    /** Every page source the browser showed, to prove the key is in none. */
    private static final List<String> pages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String driver = Sipp.required(Optional.of("/usr/bin/chromedriver").filter(p -> new File(p).canExecute()),
                "chromedriver is not installed (apt-get install chromium chromium-driver; .ci/run does this)");
        calls = new VendorCalls("37000-37199", VendorCalls.blocks("ui", "streaming: \"off\", outputFormat: pcm_16000"),
                "admin: { enabled: true, port: 0, passwordHash: \"" + PasswordHash.hash(PASSWORD.toCharArray()) + "\" }\n"
                        + "state: { dir: \"" + dir.resolve("state") + "\" }\n"
                        + "rtp: { warmUp: false, realtimePriority: 0 }\n");
        admin = "http://127.0.0.1:" + calls.server.adminPort();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1700",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        // The driver named explicitly: Selenium Manager never runs, so nothing is downloaded.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (calls != null) {
                assertEquals(List.of(), calls.logLinesContaining(API_KEY), "the API key in a log line");
            }
        } finally {
            E2eServer.closeAll(browser == null ? null : browser::quit, calls);
        }
    }

    /**
     * A service for speech-to-text only: its Scribe settings set on the page, the route given to it, and the
     * handshake of a SIPp call's {@code transcribe} carries exactly those settings; a save applies to the next
     * {@code transcribe} of the same live call. Runs first, so the list page's screenshot shows its STT row.
     */
    @Test
    @Order(1)
    void anOperatorSetsUpSpeechToTextAndTheRouteTranscribesWithIt() throws Exception {
        logIn();
        click(By.id("add-service"));
        type("name", STT_SERVICE);
        type("apiKey", API_KEY);
        type("baseUrl", calls.sim.httpBase());
        type("voiceId", VOICE);
        browser.findElement(By.id("useForTts")).click(); // on for a new service: this one only listens
        browser.findElement(By.id("useForStt")).click();
        type("sttModelId", "scribe_v3_realtime");
        type("sttLanguageCode", "de");
        new Select(browser.findElement(By.id("sttCommitStrategy"))).selectByValue("vad");
        type("sttVadSilenceThresholdSecs", "0.2");
        type("sttVadThreshold", "0.55");
        type("sttMinSpeechDurationMs", "120");
        type("sttMinSilenceDurationMs", "250");
        browser.findElement(By.id("sttIncludeTimestamps")).click();
        type("sttChunkMs", "60");
        click(By.id("save"));
        assertEquals("must be more than 0.3 and at most 3 s, was 0.2",
                waitFor(By.id("error-sttVadSilenceThresholdSecs")).getText(), "the file's rule, next to its field");
        assertEquals(404, api("GET", "/" + STT_SERVICE, null).statusCode(), "nothing saved");
        type("sttVadSilenceThresholdSecs", "0.8");
        type("apiKey", API_KEY);
        click(By.id("save"));
        waitFor(By.id("notice"));
        JsonNode saved = JSON.readTree(api("GET", "/" + STT_SERVICE, null).body());
        assertTrue(saved.get("useForStt").asBoolean() && !saved.get("useForTts").asBoolean(), saved.toString());
        assertEquals(60, saved.get("stt").get("chunkMs").asInt(), saved.toString());

        browser.get(admin + "/admin/routes");
        new Select(browser.findElement(By.id("route-0-stt"))).selectByValue(STT_SERVICE);
        click(By.id("route-0-save"));
        waitFor(By.id("notice"));

        CompletableFuture<Sipp.Result> sipp = sipp("sipp-stt", 6_000);
        TestBot.Session call = calls.bot.awaitSession();
        call.await(Event.SessionStart.class, WAIT);
        call.send(new Command.Transcribe(true, null, null)); // the route's: the page's service
        Map<String, String> query = sttHandshakes(1).get(0);
        assertEquals(Map.of("model_id", "scribe_v3_realtime", "audio_format", "ulaw_8000", "language_code", "de",
                "commit_strategy", "vad", "vad_silence_threshold_secs", "0.8", "vad_threshold", "0.55",
                "min_speech_duration_ms", "120", "min_silence_duration_ms", "250", "include_timestamps", "true"), query);

        // A save applies to the next transcribe at once, on this very call.
        browser.get(admin + "/admin/speech/edit?name=" + STT_SERVICE);
        type("sttVadThreshold", "0.3");
        click(By.id("save"));
        waitFor(By.id("notice"));
        call.send(new Command.Transcribe(true, null, null));
        assertEquals("0.3", sttHandshakes(2).get(1).get("vad_threshold"));
        Sipp.Result result = sipp.join();
        assertEquals(0, result.exitCode(), result.tail());
        assertFalse(call.pending().stream().anyMatch(e -> e instanceof Event.SttError), "no stt.error: " + call.pending());
    }

    /** The queries of the simulator's speech-to-text handshakes so far, once there are {@code count}. */
    private static List<Map<String, String>> sttHandshakes(int count) throws InterruptedException {
        Await.until(() -> handshakes().size() >= count, WAIT, count + " speech-to-text handshake(s): " + calls.received());
        return handshakes();
    }

    private static List<Map<String, String>> handshakes() {
        return calls.received().stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_OPEN
                && r.path().equals("/v1/speech-to-text/realtime")).map(RecordedRequest::query).toList();
    }

    @Test
    @Order(2)
    void anOperatorSetsUpAServiceInTheBrowserAndCallsSpeakWithIt() throws Exception {
        logIn();

        // Add speech service, with a wrong stability first: shown next to its field, nothing saved.
        click(By.id("add-service"));
        type("name", SERVICE);
        type("apiKey", API_KEY);
        type("baseUrl", calls.sim.httpBase());
        type("voiceId", VOICE);
        type("outputFormat", "pcm_16000");
        new Select(browser.findElement(By.id("streaming"))).selectByValue("http");
        assertFalse(browser.findElement(By.id("optimizeStreamingLatency")).isDisplayed(), "extra options start hidden");
        browser.findElement(By.id("extraOptions")).click();
        assertTrue(browser.findElement(By.id("optimizeStreamingLatency")).isDisplayed(), "the switch reveals them");
        type("optimizeStreamingLatency", "2");
        type("stability", "1.5");
        type("similarityBoost", "0.8");
        type("style", "0.1");
        new Select(browser.findElement(By.id("useSpeakerBoost"))).selectByValue("on");
        type("speed", "1.1");
        new Select(browser.findElement(By.id("fallback"))).selectByValue(VendorCalls.FALLBACK);
        click(By.id("save"));
        assertEquals("must be 0..1, was 1.5", waitFor(By.id("error-stability")).getText());
        assertEquals(404, api("GET", "/" + SERVICE, null).statusCode(), "nothing saved");

        // The form came back with the editor's values (not the key): fix the field, type the key again, save.
        type("stability", "0.35");
        type("apiKey", API_KEY);
        click(By.id("save"));
        waitFor(By.id("notice"));
        assertEquals("set", browser.findElement(By.id("apiKey-state")).getText());
        browser.findElement(By.id("extraOptions")).click();
        screenshot("admin-edit-service.png");

        // Test voice: a sample through the service, played in the page, with both figures.
        click(By.id("test-voice"));
        assertTrue(waitFor(By.id("sample")).getAttribute("src").startsWith("data:audio/wav;base64,UklGR"), "a WAV");
        assertTrue(browser.findElement(By.id("ttfa")).getText().matches("\\d+"), "TTFA in ms");
        assertTrue(browser.findElement(By.id("vendor-first-byte")).getText().matches("\\d+"), "first byte in ms");

        // Routes: the route speaks with the new service.
        browser.get(admin + "/admin/routes");
        new Select(browser.findElement(By.id("route-0-tts"))).selectByValue(SERVICE);
        click(By.id("route-0-save"));
        waitFor(By.id("notice"));

        // A SIPp call, on the line for 13 s (margin for a loaded machine): the bot speaks on it now and again after the switch.
        calls.sim.clearReceived();
        CompletableFuture<Sipp.Result> liveSipp = sipp("sipp-live", 13_000);
        TestBot.Session live = calls.bot.awaitSession();
        live.await(Event.SessionStart.class, WAIT);
        speak(live, "u1");
        RecordedRequest http = only(calls.received());
        // HTTP streaming with the default alignment: true asks for timestamps (docs/elevenlabs.md).
        assertEquals("/v1/text-to-speech/" + VOICE + "/stream/with-timestamps", http.path());
        assertEquals("2", http.query().get("optimize_streaming_latency"));
        assertEquals("pcm_16000", http.query().get("output_format"));
        assertEquals(API_KEY, http.header("xi-api-key"));
        JsonNode settings = http.json().get("voice_settings");
        assertEquals(0.35, settings.get("stability").asDouble());
        assertEquals(0.8, settings.get("similarity_boost").asDouble());
        assertEquals(0.1, settings.get("style").asDouble());
        assertTrue(settings.get("use_speaker_boost").asBoolean());
        assertEquals(1.1, settings.get("speed").asDouble());

        // Switch to WebSocket while that call is live.
        browser.get(admin + "/admin/speech/edit?name=" + SERVICE);
        new Select(browser.findElement(By.id("streaming"))).selectByValue("websocket");
        click(By.id("save"));
        waitFor(By.id("notice"));

        // The next SIPp call speaks over a multi-context WebSocket...
        calls.sim.clearReceived();
        CompletableFuture<Sipp.Result> nextSipp = sipp("sipp-next", 5_000);
        TestBot.Session next = calls.bot.awaitSession();
        next.await(Event.SessionStart.class, WAIT);
        speak(next, "n1");
        List<RecordedRequest> got = calls.received();
        assertEquals(RecordedRequest.Kind.WS_OPEN, got.get(0).kind(), "the next call opened a socket: " + got);
        assertEquals("/v1/text-to-speech/" + VOICE + "/multi-stream-input", got.get(0).path());
        // A bot's configure works on the page's service like on the file's: a voice of another id.
        next.send(new Command.Configure(Map.of("voiceId", "configured")));
        speak(next, "n2");
        assertTrue(calls.received().stream().anyMatch(r -> r.kind() == RecordedRequest.Kind.WS_OPEN
                && r.path().equals("/v1/text-to-speech/configured/multi-stream-input")), "configured: " + calls.received());

        // ... while the call that was live before the switch keeps HTTP.
        calls.sim.clearReceived();
        speak(live, "u2");
        RecordedRequest kept = only(calls.received().stream().filter(r -> r.kind() == RecordedRequest.Kind.HTTP).toList());
        assertEquals("/v1/text-to-speech/" + VOICE + "/stream/with-timestamps", kept.path(), "the live call kept HTTP");
        assertEquals(0, calls.received().stream().filter(r -> r.kind() == RecordedRequest.Kind.WS_OPEN).count(),
                "no socket opened for the live call");
        for (CompletableFuture<Sipp.Result> sipp : List.of(nextSipp, liveSipp)) {
            Sipp.Result result = sipp.join();
            assertEquals(0, result.exitCode(), result.tail());
        }

        browser.get(admin + "/admin/speech");
        Await.until(() -> {
            browser.navigate().refresh();
            return browser.findElement(By.cssSelector("tr[data-name='" + SERVICE + "'] td.health")).getText()
                    .contains("last TTFA");
        }, WAIT, "the list shows the service's last TTFA");
        assertEquals("websocket", browser.findElement(By.cssSelector("tr[data-name='" + SERVICE + "'] td.streaming")).getText());
        screenshot("admin-speech-services.png");
    }

    @Test
    @Order(3)
    void aSaveWithoutTheCsrfTokenAndAStaleSaveAreRefused() throws Exception {
        logIn();
        HttpResponse<String> created = api("POST", "", "{\"name\":\"csrf-check\",\"apiKey\":\"" + API_KEY
                + "\",\"voiceId\":\"v\",\"baseUrl\":\"" + calls.sim.httpBase() + "\",\"streaming\":\"http\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains(API_KEY));

        browser.get(admin + "/admin/speech/edit?name=csrf-check");
        type("voiceId", "changed");
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector('#service-form input[name=csrf]').remove()");
        click(By.id("save"));
        waitFor(By.id("csrf-refused"));
        assertEquals("v", JSON.readTree(api("GET", "/csrf-check", null).body()).get("voiceId").asText(), "nothing saved");

        // A second editor opened the same version and saved first (here through the API).
        browser.get(admin + "/admin/speech/edit?name=csrf-check");
        HttpResponse<String> other = api("PUT", "/csrf-check", "{\"version\":1,\"voiceId\":\"other-editor\","
                + "\"baseUrl\":\"" + calls.sim.httpBase() + "\",\"streaming\":\"http\"}");
        assertEquals(200, other.statusCode(), other.body());
        type("voiceId", "mine");
        click(By.id("save"));
        assertTrue(waitFor(By.id("form-error")).getText().contains("changed by someone else"));
        assertEquals("other-editor", JSON.readTree(api("GET", "/csrf-check", null).body()).get("voiceId").asText());

        for (String page : pages) {
            assertFalse(page.contains(API_KEY), "the API key in a page");
        }
        HttpResponse<String> list = api("GET", "", null);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(API_KEY), "the API key in the API's list");
    }

    private static void logIn() {
        browser.get(admin + "/admin/login");
        type("password", PASSWORD);
        click(By.id("login"));
        waitFor(By.id("services"));
    }

    private static void speak(TestBot.Session call, String utteranceId) throws Exception {
        call.send(Command.Say.sentence(utteranceId, SENTENCE));
        Event.SpeechDone done = call.await(Event.SpeechDone.class, WAIT);
        assertEquals(utteranceId, done.utteranceId());
        assertTrue(done.playedMs() > 300, "played " + done.playedMs() + " ms");
    }

    /** A SIPp call to the route {@code ui}, on the line for {@code durationMs}; SIPp's own files in {@code name}. */
    private static CompletableFuture<Sipp.Result> sipp(String name, int durationMs) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        Path scenario = Sipp.scenario("uac_pcmu.xml", work);
        Sipp.binary();
        int sipPort = SippFiles.freeUdpPort();
        int mediaPort = SippFiles.freeUdpPort();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(work, 40, "-sf", scenario.toString(), "-s", "ui", "-m", "1", "-d",
                        String.valueOf(durationMs), "-i", "127.0.0.1", "-p", String.valueOf(sipPort), "-mi", "127.0.0.1",
                        "-mp", String.valueOf(mediaPort), "127.0.0.1:" + calls.server.sipPort());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static RecordedRequest only(List<RecordedRequest> requests) {
        assertEquals(1, requests.size(), "requests: " + requests);
        return requests.get(0);
    }

    private static HttpResponse<String> api(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin + "/admin/api/speech-services" + path))
                .header("Authorization", "Bearer " + PASSWORD).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static void click(By by) {
        browser.findElement(by).click();
        pages.add(browser.getPageSource());
    }

    private static WebElement waitFor(By by) {
        WebElement element = new WebDriverWait(browser, WAIT).until(d -> d.findElements(by).stream().findFirst().orElse(null));
        pages.add(browser.getPageSource());
        return element;
    }

    private static void screenshot(String name) throws Exception {
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        String target = System.getProperty("admin.screenshots");
        Path out = target == null ? dir.resolve(name) : Path.of(target).resolve(name);
        Files.createDirectories(out.getParent());
        Files.copy(shot, out, StandardCopyOption.REPLACE_EXISTING);
    }
}
