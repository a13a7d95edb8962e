package io.sayline.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VendorUrlTest {

    @Test
    void segmentsAndQueryAreEncodedAndTheBasePathKept() {
        assertEquals("https://eu.example.com:8443/proxy/v1/text-to-speech/a%20b%2Fc/stream?text=gr%C3%BC%C3%9F%20dich&n=3",
                VendorUrl.of("https://eu.example.com:8443/proxy/").segments("v1/text-to-speech").segment("a b/c")
                        .segments("stream").query("text", "grüß dich").query("skipped", null).query("n", 3)
                        .build().toString());
    }

    @Test
    void aCopyGoesOnFromTheSamePrefixWithoutChangingIt() {
        VendorUrl voice = VendorUrl.of("https://api.example.com/").segments("v1/text-to-speech").segment("v 1")
                .query("a", 1);

        VendorUrl stream = voice.copy().segment("stream").query("b", 2);

        assertEquals("https://api.example.com/v1/text-to-speech/v%201/stream?a=1&b=2", stream.build().toString());
        assertEquals("https://api.example.com/v1/text-to-speech/v%201?a=1", voice.build().toString());
        assertEquals("https://api.example.com/v1/text-to-speech/v%201?a=1", voice.copy().build().toString());
    }

    @Test
    void aBareHostGetsTheRootPath() {
        assertEquals("http://127.0.0.1:9000/", VendorUrl.of("http://127.0.0.1:9000").build().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api.elevenlabs.io", "ftp://example.com", "https://", "http://host/?q=1", "http://a b"})
    void anythingButAnHttpUrlWithAHostIsRefused(String base) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VendorUrl.of(base));
        assertEquals("baseUrl must be an http(s) URL, was '" + base + "'", e.getMessage());
    }
}
