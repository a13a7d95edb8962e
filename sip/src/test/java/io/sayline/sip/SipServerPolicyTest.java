package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SipConfig;
import io.sayline.config.SipTlsConfig;
import io.sayline.config.SourceLimitsConfig;
import io.sayline.sip.dialog.DialogTimeouts;
import java.time.Duration;
import java.util.List;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;

/** Admission policy end to end: source ACL, call rate and the application's answer deadline. */
class SipServerPolicyTest {

    @Test
    void sourceOutsideAllowIsDroppedWithoutAWordAndCounted() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("10.0.0.0/8"), 100),
                List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.OPTIONS, "bot", null));
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            // Both are counted before anything could be sent; after that, silence is all the source ever gets.
            Eventually.await(() -> server.disallowedRequests() == 2, java.time.Duration.ofSeconds(5));
            assertEquals(2, server.disallowedRequests());
            assertNull(uac.responses.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS), "no answer at all");
            assertEquals(0, server.activeCalls());
        } finally {
            server.stop();
        }
    }

    @Test
    void sourceOutsideAllowGets403WhenConfiguredToAnswer() throws Exception {
        SipConfig answering = new SipConfig("127.0.0.1", 0, List.of("udp", "tcp"), null, List.of("10.0.0.0/8"), 100, 0,
                true, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
        SipServer server = SipServer.start(answering, List.of("PCMU"), new RecordingListener());
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.OPTIONS, "bot", null));
            uac.awaitResponse(Response.FORBIDDEN);
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            uac.awaitResponse(Response.FORBIDDEN);
        } finally {
            server.stop();
        }
    }

    @Test
    void invitesBeyondTheRateLimitGet503WithRetryAfter() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 1),
                List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next());
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            Response busy = uac.awaitResponse(Response.SERVICE_UNAVAILABLE).getResponse();
            assertNotNull(busy.getHeader(RetryAfterHeader.NAME));
        } finally {
            server.stop();
        }
    }

    @Test
    void aSourceOverItsInviteRateGets503ThenAtTwiceTheRateIsBannedAndIgnored() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipConfig limited = new SipConfig("127.0.0.1", 0, List.of("udp"), null, List.of("127.0.0.0/8"), 100, 0, false,
                new SourceLimitsConfig(2, 100, 60, List.of()), SipTlsConfig.none());
        SipServer server = SipServer.start(limited, List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            for (int i = 0; i < 6; i++) {
                uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            }
            assertEquals("invite", listener.next()); // its burst: a tenth of a second of 2 a second, at least one
            for (int i = 0; i < 2; i++) {
                Response limited503 = uac.awaitResponse(Response.SERVICE_UNAVAILABLE).getResponse();
                assertEquals("Source Rate Limit", limited503.getReasonPhrase());
                assertNotNull(limited503.getHeader(RetryAfterHeader.NAME));
            }
            Eventually.await(() -> server.perSource().bannedDrops() == 3, Duration.ofSeconds(5));
            assertEquals(1, server.perSource().bans());
            assertEquals(2, server.perSource().refusedInvites());
            uac.send(uac.request(Request.OPTIONS, "bot", null));
            Eventually.await(() -> server.perSource().bannedDrops() == 4, Duration.ofSeconds(5));
            // The call taken may still send provisional answers; the OPTIONS must get none.
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300);
            for (javax.sip.ResponseEvent r; (r = uac.responses.poll(Math.max(0, until - System.nanoTime()),
                    java.util.concurrent.TimeUnit.NANOSECONDS)) != null; ) {
                assertNotEquals(Request.OPTIONS, ((javax.sip.header.CSeqHeader) r.getResponse()
                        .getHeader(javax.sip.header.CSeqHeader.NAME)).getMethod(), "a banned source gets no answer");
            }
            assertEquals(1, server.activeCalls(), "only the call within the burst was taken");
        } finally {
            server.stop();
        }
    }

    @Test
    void invitesBeyondMaxCallsGet503WithRetryAfterUntilACallEnds() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipConfig oneCall = new SipConfig("127.0.0.1", 0, List.of("udp"), null, List.of("127.0.0.1/32"), 100, 1, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
        SipServer server = SipServer.start(oneCall, List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next());
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            Response full = uac.awaitResponse(Response.SERVICE_UNAVAILABLE).getResponse();
            assertEquals("Too Many Calls", full.getReasonPhrase());
            assertNotNull(full.getHeader(RetryAfterHeader.NAME));
            assertEquals(1, server.activeCalls(), "the refused INVITE never became a call");

            listener.nextCall().reject(486, "Busy Here");
            uac.awaitResponse(486);
            assertEquals("ended REJECTED", listener.next());
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next(), "room again once the call ended");
        } finally {
            server.stop();
        }
    }

    @Test
    void inviteTheApplicationNeverAnswersTimesOutAndFreesTheCall() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipConfig config = SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 100);
        SipServer server = SipServer.start(config, List.of("PCMU"), listener,
                new DialogTimeouts(Duration.ofMillis(300), DialogTimeouts.DEFAULT.ack()));
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next());
            uac.awaitResponse(Response.REQUEST_TIMEOUT);
            assertEquals("ended TIMEOUT", listener.next());
            assertEquals(0, server.activeCalls());
        } finally {
            server.stop();
        }
    }

    @Test
    void answeredCallWhoseAckNeverComesEndsWithByeAndFreesTheCall() throws Exception {
        RecordingListener listener = new RecordingListener();
        listener.autoAnswer = true;
        SipConfig config = SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 100);
        SipServer server = SipServer.start(config, List.of("PCMU"), listener,
                new DialogTimeouts(DialogTimeouts.DEFAULT.answer(), Duration.ofMillis(500)));
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next());
            uac.awaitResponse(Response.OK); // and never ACKed
            uac.respond(uac.awaitRequest(Request.BYE), Response.OK);
            assertEquals("ended TIMEOUT", listener.next());
            assertEquals(0, server.activeCalls());
        } finally {
            server.stop();
        }
    }

    @Test
    void stopEndsLiveCallsOnce() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 100),
                List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            assertEquals("invite", listener.next());
            server.stop();
            assertEquals("ended ERROR", listener.next());
            assertTrue(listener.endings.values().stream().allMatch(n -> n == 1));
        } finally {
            server.stop();
        }
    }

    @Test
    void drainingRefusesNewInvitesAndOptionsWith503ButLiveCallsGoOn() throws Exception {
        RecordingListener listener = new RecordingListener();
        listener.autoAnswer = true;
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 100),
                List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            javax.sip.ResponseEvent ok = uac.awaitResponse(Response.OK);
            uac.ack(ok, null);
            server.drain();
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            Response busy = uac.awaitResponse(Response.SERVICE_UNAVAILABLE).getResponse();
            assertNotNull(busy.getHeader(RetryAfterHeader.NAME));
            uac.send(uac.request(Request.OPTIONS, "bot", null));
            uac.awaitResponse(Response.SERVICE_UNAVAILABLE);
            uac.sendInDialog(ok.getDialog(), ok.getDialog().createRequest(Request.BYE));
            uac.awaitResponse(Response.OK);
        } finally {
            server.stop();
        }
    }

    @Test
    void secondInviteWithALiveCallIdGets482() throws Exception {
        RecordingListener listener = new RecordingListener();
        SipServer server = SipServer.start(SipServerLoopbackTest.config(List.of("127.0.0.1/32"), 100),
                List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            Request first = uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER);
            uac.send(first);
            assertEquals("invite", listener.next());
            Request merged = uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER);
            merged.setHeader(first.getHeader(javax.sip.header.CallIdHeader.NAME));
            uac.send(merged);
            uac.awaitResponse(Response.LOOP_DETECTED);
        } finally {
            server.stop();
        }
    }

    @Test
    void wildcardBindAdvertisesTheAddressTheCallerReachedAndHangsUpCleanly() throws Exception {
        RecordingListener listener = new RecordingListener();
        listener.autoAnswer = true;
        SipConfig wildcard = new SipConfig("0.0.0.0", 0, List.of("udp", "tcp"), null, List.of("127.0.0.0/8"), 100, 0, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
        SipServer server = SipServer.start(wildcard, List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            javax.sip.ResponseEvent ok = uac.awaitResponse(Response.OK);
            String contact = ok.getResponse().getHeader(javax.sip.header.ContactHeader.NAME).toString();
            assertTrue(contact.contains("@127.0.0.1:" + server.port()), contact);
            uac.ack(ok, null);
            InboundCall call = listener.nextCall();
            assertEquals("127.0.0.1", call.localAddress().getHostAddress());
            call.hangup();
            javax.sip.RequestEvent bye = uac.awaitRequest(Request.BYE);
            String via = bye.getRequest().getHeader(javax.sip.header.ViaHeader.NAME).toString();
            assertTrue(via.contains("127.0.0.1:" + server.port()), via);
            uac.respond(bye, Response.OK);
        } finally {
            server.stop();
        }
    }

    @Test
    void publicAddressIsAdvertisedWhenConfigured() throws Exception {
        RecordingListener listener = new RecordingListener();
        listener.autoAnswer = true;
        SipConfig withPublic = new SipConfig("127.0.0.1", 0, List.of("udp"), "192.0.2.44", List.of("127.0.0.0/8"),
                100, 0, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
        SipServer server = SipServer.start(withPublic, List.of("PCMU"), listener);
        try (TestUac uac = new TestUac(server.port(), "udp")) {
            uac.send(uac.request(Request.INVITE, "bot", SipServerLoopbackTest.OFFER));
            javax.sip.ResponseEvent ok = uac.awaitResponse(Response.OK);
            String contact = ok.getResponse().getHeader(javax.sip.header.ContactHeader.NAME).toString();
            assertTrue(contact.contains("@192.0.2.44:"), contact);
            assertEquals("192.0.2.44", listener.nextCall().localAddress().getHostAddress());
        } finally {
            server.stop();
        }
    }
}
