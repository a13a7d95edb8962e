package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void configurationPrintedAnywhereNeverShowsAKeyOrAToken() {
        SaylineConfig config = ConfigLoader.load(null, Map.of(), List.of());
        RouteConfig route = new RouteConfig(".*", "wss://bots.example.com/a", "eleven", "route-token-123");
        TtsVendorConfig vendor = config.vendor("embedded");
        String printed = route + " " + new TtsVendorConfig("elevenlabs", null, null, "sk_secret_456", null, "v", null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null) + vendor;
        assertFalse(printed.contains("route-token-123"), printed);
        assertFalse(printed.contains("sk_secret_456"), printed);
        assertTrue(printed.contains("token=***") && printed.contains("apiKey=***"), printed);
        assertTrue(printed.contains("bot=wss://bots.example.com/a") && printed.contains("voiceId=v"),
                "everything else as a record prints it: " + printed);
        assertTrue(vendor.toString().contains("apiKey=null"), "an unset key is shown as unset: " + vendor);
    }
}
