package io.sayline.tools.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.core.testing.Await;
import io.sayline.sip.TestUac;
import io.sayline.tools.interop.Sipp;
import io.sayline.tools.sipp.SippFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real Sayline process, as systemd or a container runtime sends it (issue #12): readiness turns 503
 * while liveness stays 200, OPTIONS and new INVITEs get 503 (what takes the node out of a dispatcher), the live
 * call goes on until {@code drain.deadlineSeconds} and is then ended with a BYE, its record says {@code drain},
 * and the process exits 0.
 */
class DrainProcessTest {
    private static final Path JAR = Path.of("..", "core", "target", "sayline.jar");
    private static final int DEADLINE_SECONDS = 3;
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Process sayline;

    @AfterEach
    void kill() {
        if (sayline != null) {
            sayline.destroyForcibly();
        }
    }

    @Test
    void sigtermRefusesNewCallsLetsTheLiveOneRunToTheDeadlineAndExitsZero() throws Exception {
        int sipPort = SippFiles.freeUdpPort();
        int httpPort = SippFiles.freeTcpPort();
        Path records = dir.resolve("calls.jsonl");
        Path config = Files.writeString(dir.resolve("sayline.yaml"), String.join("\n",
                "sip: { bind: 127.0.0.1, port: " + sipPort + ", transports: [udp] }",
                "http: { port: " + httpPort + " }",
                "rtp: { portRange: 38000-38099, warmUp: false, realtimePriority: 0 }",
                "drain: { deadlineSeconds: " + DEADLINE_SECONDS + " }",
                "records: { path: \"" + records + "\" }", ""));
        assertTrue(Files.exists(JAR), JAR + " is built by the core module before the tools module's tests run");
        Path log = dir.resolve("sayline.log");
        sayline = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", JAR.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until(() -> status(httpPort, "/health/ready") == 200, START_WAIT, "Sayline ready; log: " + log);

        try (Caller caller = Caller.dial(sipPort, "demo")) {
            long sigterm = System.nanoTime();
            sayline.destroy(); // SIGTERM
            Await.until(() -> status(httpPort, "/health/ready") == 503, Duration.ofSeconds(5), "ready 503 while draining");
            assertEquals(200, status(httpPort, "/health/live"), "alive while draining");
            try (TestUac other = new TestUac(sipPort, "udp")) {
                other.send(other.request(Request.OPTIONS, "demo", null));
                other.awaitResponse(503);
                other.send(other.request(Request.INVITE, "demo", Caller.offer(SippFiles.freeUdpPort())));
                other.awaitResponse(503);
            }

            RequestEvent bye = awaitBye(caller);
            long drainedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
            caller.uac.respond(bye, 200);
            assertTrue(drainedAfterMs >= DEADLINE_SECONDS * 1000L, "the live call had its " + DEADLINE_SECONDS
                    + " s before the BYE, got " + drainedAfterMs + " ms");
        }
        assertTrue(sayline.waitFor(30, TimeUnit.SECONDS), "exits after the drain; log: " + Files.readString(log));
        assertEquals(0, sayline.exitValue(), "a drained stop is a clean stop; log: " + Files.readString(log));
        List<String> lines = Files.readAllLines(records);
        assertEquals(1, lines.size(), String.join("\n", lines));
        assertEquals("drain", new ObjectMapper().readTree(lines.get(0)).get("endReason").asText());
    }

    /** The BYE comes after the drain deadline, later than one {@link TestUac#awaitRequest} wait may last. */
    private static RequestEvent awaitBye(Caller caller) throws InterruptedException {
        RequestEvent event = caller.uac.requests.poll(DEADLINE_SECONDS + 20, TimeUnit.SECONDS);
        if (event == null || !event.getRequest().getMethod().equals(Request.BYE)) {
            throw new AssertionError("expected the drain's BYE, got " + (event == null ? "nothing" : event.getRequest()));
        }
        return event;
    }

    private static int status(int httpPort, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
