package io.sayline.tools.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sayline.core.testing.Await;
import io.sayline.tools.sipp.SippFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The attacks shipped as SIPp scenarios in the tools jar (sipp/attack_*.xml), run against a real server: an
 * INVITE flood from a second address while legitimate calls arrive, and forged in-dialog requests in a live call.
 */
class SipAttackTest extends SaylineUnderTest {

    @Test
    void anInviteFloodIsBannedWhileLegitimateCallsAreAnsweredAndComplete() throws Exception {
        start("sip: { perSource: { invitesPerSecond: 50, banSeconds: 60 } }\n", "35200-35999");
        String target = "127.0.0.1:" + server.sipPort();
        Sipp.Running flood = Sipp.start(dir, "flood.out", 60, "-sf", Sipp.scenario("attack_invite_flood.xml", dir)
                        .toString(), "-s", "flood", "-r", "2000", "-m", "12000", "-i", "127.0.0.2",
                "-p", String.valueOf(SippFiles.freeUdpPort()), "-default_behaviors", "none", target);
        int calls = 100;
        Sipp.Result legitimate = Sipp.run(dir, 90, "-sf", Sipp.scenario("uac_pcmu.xml", dir).toString(), "-s", "demo",
                "-m", String.valueOf(calls), "-l", String.valueOf(calls), "-r", "20", "-d", "1000",
                "-i", "127.0.0.1", "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(SippFiles.freeUdpPort()), target);
        Sipp.Result flooded = flood.await();

        String metrics = server.metrics().render();
        String report = "legitimate:\n" + legitimate.tail() + "\nflood:\n" + flooded.tail() + "\n" + metrics;
        assertTrue(legitimate.successfulCalls() >= 99, "at least 99 % of the legitimate calls: " + report);
        assertEquals(1, metric("sayline_sip_source_bans_total"), "the flooding source banned once: " + report);
        assertEquals(1, metric("sayline_sip_banned_sources"), report);
        assertTrue(metric("sayline_sip_banned_dropped_total") > 1000, "its INVITEs dropped, counted: " + report);
        assertTrue(metric("sayline_sip_source_limited_total{kind=\"invite\"}") >= 50,
                "refused past its rate before the ban: " + report);
    }

    @Test
    void forgedInDialogRequestsGet481AndTheCallsMediaKeepsReachingTheRealCaller() throws Exception {
        Path records = dir.resolve("calls.jsonl");
        start("records: { path: \"" + records + "\" }\n", "35000-35099");
        Sipp.Result result = Sipp.run(dir, 60, "-sf", Sipp.scenario("attack_spoofed_dialog.xml", dir).toString(),
                "-s", "demo", "-m", "1", "-d", "3000", "-rtp_echo", "-i", "127.0.0.1",
                "-p", String.valueOf(SippFiles.freeUdpPort()), "-mi", "127.0.0.1",
                "-mp", String.valueOf(SippFiles.freeUdpPort()), "127.0.0.1:" + server.sipPort());
        assertEquals(0, result.exitCode(), "both forgeries got 481, the real BYE 200:\n" + result.tail());
        assertEquals(2, metric("sayline_sip_not_in_dialog_total"));

        Await.until(() -> records.toFile().length() > 0, Duration.ofSeconds(10), "the call's record");
        JsonNode record = new ObjectMapper().readTree(Files.readAllLines(records).get(0));
        assertEquals("caller-hangup", record.get("endReason").asText(), "the forged BYE did not end it: " + record);
        long sent = record.get("rtpPacketsSent").asLong();
        long echoed = record.get("rtpPacketsReceived").asLong();
        assertTrue(sent >= 3_000 / 20 * 9 / 10, "a frame every 20 ms for the call's 3.5 s: " + record);
        assertTrue(echoed >= sent * 9 / 10,
                "the real caller kept receiving (and echoing) the media after the forged re-INVITE: " + record);
    }
}
