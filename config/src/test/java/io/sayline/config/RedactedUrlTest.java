package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactedUrlTest {

    @Test
    void credentialsInUserInfoAndQueryAreHiddenAndTheRestKept() {
        assertEquals("wss://***@bots.example.com/agent", RedactedUrl.of("wss://bot:s3cret@bots.example.com/agent"));
        assertEquals("wss://bots.example.com/agent?tenant=7&token=***&lang=en",
                RedactedUrl.of("wss://bots.example.com/agent?tenant=7&token=abc123&lang=en"));
        assertEquals("ws://h/a?api_key=***&X-Amz-Signature=***",
                RedactedUrl.of("ws://h/a?api_key=k1&X-Amz-Signature=zz"));
        assertEquals("wss://bots.example.com/agent", RedactedUrl.of("wss://bots.example.com/agent"));
        assertEquals("builtin:demo", RedactedUrl.of("builtin:demo"));
        assertEquals(null, RedactedUrl.of(null));
    }
}
