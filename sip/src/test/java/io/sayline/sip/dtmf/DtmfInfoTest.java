package io.sayline.sip.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DtmfInfoTest {
    private static Optional<DtmfInfo> relay(String body) {
        return DtmfInfo.parse("dtmf-relay", body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dtmfRelaySignalAndDurationGiveTheDigit() {
        assertEquals(Optional.of(new DtmfInfo('5', 160)), relay("Signal=5\r\nDuration=160\r\n"));
    }

    @Test
    void starHashAndLettersAreDigitsToo() {
        assertEquals('*', relay("Signal=*\r\nDuration=100").orElseThrow().digit());
        assertEquals('#', relay("Signal=11\nDuration=100").orElseThrow().digit());
        assertEquals('A', relay("signal = a\r\n").orElseThrow().digit());
    }

    @Test
    void missingDurationUsesTheDefault() {
        assertEquals(DtmfInfo.DEFAULT_DURATION_MS, relay("Signal=1").orElseThrow().durationMs());
    }

    @Test
    void applicationDtmfIsTheDigitAlone() {
        assertEquals('9', DtmfInfo.parse("dtmf", "9\r\n".getBytes(StandardCharsets.US_ASCII)).orElseThrow().digit());
    }

    @Test
    void badSignalsOversizedBodiesAndOtherTypesAreEmpty() {
        assertTrue(relay("Signal=X\r\nDuration=100").isEmpty());
        assertTrue(relay("Duration=100").isEmpty());
        assertTrue(relay("Signal=5".repeat(100)).isEmpty());
        assertTrue(DtmfInfo.parse("json", "5".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertEquals(DtmfInfo.DEFAULT_DURATION_MS, relay("Signal=5\r\nDuration=-4").orElseThrow().durationMs());
    }
}
