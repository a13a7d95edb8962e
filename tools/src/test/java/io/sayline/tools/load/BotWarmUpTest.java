package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BotWarmUpTest {

    @Test
    void everySessionRunsAllItsUtterancesThroughTheLoadBot() throws InterruptedException {
        assertEquals(BotWarmUp.SESSIONS, BotWarmUp.run(false, Duration.ofSeconds(60)));
    }

    @Test
    void aBotThatStreamsTokensIsWarmedToo() throws InterruptedException {
        assertEquals(BotWarmUp.SESSIONS, BotWarmUp.run(true, Duration.ofSeconds(60)));
    }
}
