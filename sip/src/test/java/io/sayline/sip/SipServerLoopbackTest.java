package io.sayline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sayline.config.SipConfig;
import io.sayline.config.SipTlsConfig;
import io.sayline.config.SourceLimitsConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.header.AllowHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real INVITE dialog between a JAIN SIP UAC and Sayline's server over loopback. */
class SipServerLoopbackTest {
    static final String OFFER = """
            v=0\r
            o=caller 1000 1 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 30000 RTP/AVP 8 0 101\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-15\r
            a=sendrecv\r
            """;

    // One server for the class (each stack stop costs the RI about a second); a fresh UAC per test.
    private static final RecordingListener listener = new RecordingListener();
    private static SipServer server;
    private TestUac uac;

    static SipConfig config(List<String> allow, int maxCallsPerSecond) {
        return new SipConfig("127.0.0.1", 0, List.of("udp", "tcp"), null, allow, maxCallsPerSecond, 0, false, SourceLimitsConfig.unlimited(), SipTlsConfig.none());
    }

    @BeforeAll
    static void startServer() {
        server = SipServer.start(config(List.of("127.0.0.0/8"), 1000), List.of("PCMU", "PCMA"), listener);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private long notInDialogBefore;

    @BeforeEach
    void startUac() throws Exception {
        notInDialogBefore = server.notInDialogRequests();
        listener.autoAnswer = false;
        listener.events.clear();
        listener.calls.clear();
        uac = new TestUac(server.port(), "udp");
    }

    @AfterEach
    void stopUac() {
        if (uac != null) {
            uac.close();
        }
    }

    static String withDirection(String sdp, String direction, int version) {
        return sdp.replace("a=sendrecv", "a=" + direction).replace("1000 1 IN", "1000 " + version + " IN");
    }

    static String body(Response response) {
        return new String(response.getRawContent(), StandardCharsets.US_ASCII);
    }

    private ResponseEvent establish() throws Exception {
        listener.autoAnswer = true;
        uac.send(uac.request(Request.INVITE, "bot", OFFER));
        ResponseEvent ok = uac.awaitResponse(Response.OK);
        assertEquals("invite", listener.next());
        uac.ack(ok, null);
        assertEquals("ack", listener.next());
        return ok;
    }

    /** The caller's BYE in the dialog of {@code ok}: answered 200, and the call ends as the caller's hang-up. */
    private void callerHangsUp(ResponseEvent ok) throws Exception {
        uac.sendInDialog(ok.getDialog(), ok.getDialog().createRequest(Request.BYE));
        uac.awaitResponse(Response.OK);
        assertEquals("ended CALLER_BYE", listener.next());
    }

    @Test
    void inviteIsAnsweredWithPreferredCodecAndByeEndsTheCall() throws Exception {
        ResponseEvent ok = establish();
        String answer = body(ok.getResponse());
        assertTrue(answer.contains("m=audio 40000 RTP/AVP 0 101"), answer);
        assertTrue(answer.contains("c=IN IP4 127.0.0.1"), answer);
        InboundCall call = listener.nextCall();
        RemoteMedia media = call.offer().orElseThrow();
        assertEquals("PCMU", media.codec());
        assertEquals(101, media.telephoneEventPayloadType());
        assertEquals(30000, media.rtpAddress().getPort());
        assertEquals("bot", call.requestUser());
        int live = server.activeCalls();

        callerHangsUp(ok);
        assertEquals(live - 1, server.activeCalls());
    }

    @Test
    void cancelBeforeTheAnswerGets200And487() throws Exception {
        ClientTransaction invite = uac.send(uac.request(Request.INVITE, "bot", OFFER));
        uac.awaitResponse(Response.TRYING);
        assertEquals("invite", listener.next());
        uac.cancel(invite);
        List<Integer> finals = List.of(uac.responses.poll(TestUac.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
                .getResponse().getStatusCode(), uac.responses.poll(TestUac.WAIT_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS).getResponse().getStatusCode());
        assertTrue(finals.contains(Response.OK) && finals.contains(Response.REQUEST_TERMINATED), finals.toString());
        assertEquals("ended CANCELLED", listener.next());
        listener.nextCall().answer(java.net.InetAddress.getLoopbackAddress(), 40000); // too late: a no-op
    }

    @Test
    void optionsGets200WithAllowAcceptAndSupported() throws Exception {
        uac.send(uac.request(Request.OPTIONS, "bot", null));
        Response ok = uac.awaitResponse(Response.OK).getResponse();
        assertNotNull(ok.getHeader(AllowHeader.NAME));
        assertTrue(ok.getHeader(AllowHeader.NAME).toString().contains("INVITE"));
        assertNotNull(ok.getHeader("Accept"));
        assertNotNull(ok.getHeader("Supported"));
    }

    @Test
    void unknownMethodGets501AndUnservedMethodGets405() throws Exception {
        uac.send(uac.request("FOO", "bot", null));
        uac.awaitResponse(Response.NOT_IMPLEMENTED);
        uac.send(uac.request(Request.REGISTER, "bot", null));
        Response notAllowed = uac.awaitResponse(Response.METHOD_NOT_ALLOWED).getResponse();
        assertNotNull(notAllowed.getHeader(AllowHeader.NAME));
    }

    @Test
    void inviteWithoutCommonCodecGets488AndNeverReachesTheApplication() throws Exception {
        String g729 = OFFER.replace("m=audio 30000 RTP/AVP 8 0 101", "m=audio 30000 RTP/AVP 18")
                .replace("a=rtpmap:8 PCMA/8000\r\n", "a=rtpmap:18 G729/8000\r\n")
                .replace("a=rtpmap:0 PCMU/8000\r\n", "");
        uac.send(uac.request(Request.INVITE, "bot", g729));
        uac.awaitResponse(Response.NOT_ACCEPTABLE_HERE);
        assertTrue(listener.events.isEmpty());
    }

    @Test
    void inviteWithoutSdpGetsAnOfferAndTakesTheAnswerFromTheAck() throws Exception {
        listener.autoAnswer = true;
        uac.send(uac.request(Request.INVITE, "bot", null));
        ResponseEvent ok = uac.awaitResponse(Response.OK);
        String offer = body(ok.getResponse());
        assertTrue(offer.contains("m=audio 40000 RTP/AVP 0 8 101"), offer);
        assertEquals("invite", listener.next());
        InboundCall call = listener.nextCall();
        assertTrue(call.offer().isEmpty());
        String answer = OFFER.replace("RTP/AVP 8 0 101", "RTP/AVP 8 101").replace("a=rtpmap:0 PCMU/8000\r\n", "");
        uac.ack(ok, answer);
        assertEquals("ack", listener.next());
        assertEquals("PCMA", call.offer().orElseThrow().codec());
    }

    @Test
    void reinviteSendonlyHoldsAndSendrecvResumesWithVersionPlusOne() throws Exception {
        ResponseEvent ok = establish();
        String first = body(ok.getResponse());
        Request hold = ok.getDialog().createRequest(Request.INVITE);
        hold.setContent(withDirection(OFFER, "sendonly", 2), uac.sdpType());
        uac.sendInDialog(ok.getDialog(), hold);
        ResponseEvent held = uac.awaitResponse(Response.OK);
        String heldAnswer = body(held.getResponse());
        assertTrue(heldAnswer.contains("a=recvonly"), heldAnswer);
        assertEquals(originVersion(first) + 1, originVersion(heldAnswer));
        assertEquals(originSession(first), originSession(heldAnswer));
        uac.ack(held, null);
        assertEquals("update sendonly", listener.next());
        assertTrue(listener.lastUpdate.onHold());

        Request resume = ok.getDialog().createRequest(Request.INVITE);
        resume.setContent(withDirection(OFFER, "sendrecv", 3), uac.sdpType());
        uac.sendInDialog(ok.getDialog(), resume);
        ResponseEvent resumed = uac.awaitResponse(Response.OK);
        assertEquals(originVersion(first) + 2, originVersion(body(resumed.getResponse())));
        uac.ack(resumed, null);
        assertEquals("update sendrecv", listener.next());
        assertTrue(!listener.lastUpdate.onHold());
    }

    private static long originVersion(String sdp) {
        return Long.parseLong(originLine(sdp)[2]);
    }

    private static String originSession(String sdp) {
        return originLine(sdp)[1];
    }

    private static String[] originLine(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().split(" ");
    }

    @Test
    void infoDtmfRelayIsDeliveredAsADigit() throws Exception {
        ResponseEvent ok = establish();
        Request info = ok.getDialog().createRequest(Request.INFO);
        ContentTypeHeader type = uac.headers.createContentTypeHeader("application", "dtmf-relay");
        info.setContent("Signal=5\r\nDuration=160\r\n", type);
        uac.sendInDialog(ok.getDialog(), info);
        uac.awaitResponse(Response.OK);
        assertEquals("dtmf 5 160", listener.next());
    }

    @Test
    void localHangupSendsByeAndEndsOnce() throws Exception {
        establish();
        InboundCall call = listener.nextCall();
        call.hangup();
        RequestEvent bye = uac.awaitRequest(Request.BYE);
        uac.respond(bye, Response.OK);
        assertEquals("ended LOCAL_BYE", listener.next());
        call.hangup(); // idempotent
        assertEquals(1, listener.endings.get(call.id()));
    }

    @Test
    void byeForUnknownCallGets481() throws Exception {
        uac.send(uac.request(Request.BYE, "bot", null));
        uac.awaitResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
    }

    @Test
    void inviteOverTcpIsAnswered() throws Exception {
        uac.send(uac.request(Request.OPTIONS, "bot", null)); // lets the UDP UAC start fully before it stops
        uac.awaitResponse(Response.OK);
        uac.close();
        uac = new TestUac(server.port(), "tcp");
        ResponseEvent ok = establish();
        assertEquals("tcp", ((javax.sip.header.ViaHeader) ok.getResponse().getHeader("Via")).getTransport()
                .toLowerCase(java.util.Locale.ROOT));
        callerHangsUp(ok);
    }

    @Test
    void transferSendsReferAndReportsSipfragProgress() throws Exception {
        ResponseEvent ok = establish();
        InboundCall call = listener.nextCall();
        java.util.concurrent.BlockingQueue<String> progress = new java.util.concurrent.LinkedBlockingQueue<>();
        call.transfer("sip:agent@127.0.0.1", recordingInto(progress));
        RequestEvent refer = uac.awaitRequest(Request.REFER);
        assertTrue(refer.getRequest().getHeader("Refer-To").toString().contains("sip:agent@127.0.0.1"));
        uac.respond(refer, Response.ACCEPTED);
        assertEquals("refer 202", progress.poll(TestUac.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));

        Request notify = ok.getDialog().createRequest(Request.NOTIFY);
        notify.addHeader(uac.headers.createEventHeader("refer"));
        notify.addHeader(uac.headers.createSubscriptionStateHeader("terminated"));
        notify.setContent("SIP/2.0 200 OK\r\n", uac.headers.createContentTypeHeader("message", "sipfrag"));
        uac.sendInDialog(ok.getDialog(), notify);
        uac.awaitResponse(Response.OK);
        assertEquals("notify 200 true", progress.poll(TestUac.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void transferAskedBeforeTheAckIsSentOnceTheAckArrives() throws Exception {
        listener.autoAnswer = true;
        uac.send(uac.request(Request.INVITE, "bot", OFFER));
        ResponseEvent ok = uac.awaitResponse(Response.OK);
        assertEquals("invite", listener.next());
        java.util.concurrent.BlockingQueue<String> progress = new java.util.concurrent.LinkedBlockingQueue<>();
        listener.nextCall().transfer("sip:agent@127.0.0.1", recordingInto(progress));
        assertNull(progress.poll(), "a transfer before the ACK is held, not refused");

        uac.ack(ok, null);
        assertEquals("ack", listener.next());
        uac.respond(uac.awaitRequest(Request.REFER), Response.ACCEPTED);
        assertEquals("refer 202", progress.poll(TestUac.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
    }

    /** A transfer's progress as lines: "refer 202", "notify 200 true", "failed why". */
    private static TransferListener recordingInto(java.util.concurrent.BlockingQueue<String> progress) {
        return new TransferListener() {
            @Override
            public void onReferResponse(int status, String reason) {
                progress.add("refer " + status);
            }

            @Override
            public void onProgress(int status, String reason, boolean terminated) {
                progress.add("notify " + status + " " + terminated);
            }

            @Override
            public void onFailed(String reason) {
                progress.add("failed " + reason);
            }
        };
    }

    @Test
    void rejectSendsTheStatusAndEndsAsRejected() throws Exception {
        uac.send(uac.request(Request.INVITE, "bot", OFFER));
        assertEquals("invite", listener.next());
        listener.nextCall().reject(Response.BUSY_HERE, "Busy Here");
        uac.awaitResponse(Response.BUSY_HERE);
        assertEquals("ended REJECTED", listener.next());
    }

    @Test
    void hangupBeforeAnswerSends480() throws Exception {
        uac.send(uac.request(Request.INVITE, "bot", OFFER));
        assertEquals("invite", listener.next());
        listener.nextCall().hangup();
        uac.awaitResponse(Response.TEMPORARILY_UNAVAILABLE);
        assertEquals("ended LOCAL_BYE", listener.next());
    }

    @Test
    void reinviteWithoutCommonCodecGets488AndTheCallGoesOn() throws Exception {
        ResponseEvent ok = establish();
        Request reinvite = ok.getDialog().createRequest(Request.INVITE);
        reinvite.setContent(OFFER.replace("RTP/AVP 8 0 101", "RTP/AVP 18").replace("1000 1 IN", "1000 2 IN"),
                uac.sdpType());
        uac.sendInDialog(ok.getDialog(), reinvite);
        uac.awaitResponse(Response.NOT_ACCEPTABLE_HERE);
        Request info = ok.getDialog().createRequest(Request.INFO);
        info.setContent("Signal=#\r\nDuration=100\r\n",
                uac.headers.createContentTypeHeader("application", "dtmf-relay"));
        uac.sendInDialog(ok.getDialog(), info);
        uac.awaitResponse(Response.OK);
        assertEquals("dtmf # 100", listener.next());
    }

    @Test
    void forgedInDialogRequestsThatKnowOnlyTheCallIdGet481AndChangeNothing() throws Exception {
        ResponseEvent ok = establish();
        Request forgedBye = ok.getDialog().createRequest(Request.BYE);
        ((FromHeader) forgedBye.getHeader(FromHeader.NAME)).setTag("not-the-callers-tag");
        uac.send(forgedBye); // outside the dialog: the UAC's own stack would refuse to send it
        uac.awaitResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);

        Request forgedReinvite = ok.getDialog().createRequest(Request.INVITE);
        ((ToHeader) forgedReinvite.getHeader(ToHeader.NAME)).setTag("not-our-tag");
        forgedReinvite.setContent(OFFER.replace("c=IN IP4 127.0.0.1", "c=IN IP4 127.0.0.9")
                .replace("1000 1 IN", "1000 2 IN"), uac.sdpType());
        uac.send(forgedReinvite);
        uac.awaitResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        // Counted when the request reaches Sayline's router; JAIN SIP's dialog layer answers some forgeries itself.
        assertTrue(server.notInDialogRequests() > notInDialogBefore);

        // Nothing reached the call: the real caller's BYE is the next thing it hears of.
        callerHangsUp(ok);
    }

    @Test
    void anInDialogRequestWithALowerCSeqThanTheLastGets500() throws Exception {
        ResponseEvent ok = establish();
        Request info = ok.getDialog().createRequest(Request.INFO);
        uac.sendInDialog(ok.getDialog(), info);
        uac.awaitResponse(Response.OK);
        Request stale = ok.getDialog().createRequest(Request.INFO);
        ((CSeqHeader) stale.getHeader(CSeqHeader.NAME)).setSeqNumber(1); // below the INVITE's and the INFO's
        uac.send(stale);
        uac.awaitResponse(Response.SERVER_INTERNAL_ERROR);
        callerHangsUp(ok);
    }
}
