package io.sayline.core.tts;

import io.sayline.config.TtsVendorConfig;

/**
 * What a vendor may know about the call it speaks for.
 *
 * @param callId    Sayline's call id, for logs and vendor request tagging
 * @param overrides per-call {@code configure} overrides of the vendor block, or null
 */
public record TtsSessionContext(String callId, TtsVendorConfig overrides) {
}
