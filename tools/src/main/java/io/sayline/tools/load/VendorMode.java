package io.sayline.tools.load;

/** How Sayline streams from the (simulated) ElevenLabs vendor: the tts block's keys for each mode. */
enum VendorMode {
    /** HTTP streaming with timestamps, so the bot hears which words were played. */
    HTTP("streaming: http, alignment: true"),
    /** One multi-context WebSocket per call: the mode meant for token streaming. */
    WEBSOCKET("streaming: websocket, multiContext: true");

    private final String ttsYaml;

    VendorMode(String ttsYaml) {
        this.ttsYaml = ttsYaml;
    }

    String ttsYaml() {
        return ttsYaml;
    }
}
