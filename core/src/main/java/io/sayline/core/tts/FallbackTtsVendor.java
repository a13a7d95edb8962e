package io.sayline.core.tts;

import io.sayline.rtp.transcode.AudioFormat;

/**
 * A vendor block with {@code fallback:} set: the primary vendor, whose sessions fall back to another
 * vendor ({@link FallbackTtsSession}). Name and output format are the primary's; a listener learns of the
 * fallback's format through {@link TtsListener#onFormatChange}.
 *
 * <p>{@link #close()} does nothing: both vendors are shared and closed by {@link TtsVendors}.
 */
public final class FallbackTtsVendor implements TtsVendor {
    private final TtsVendor primary;
    private final TtsVendor fallback;

    public FallbackTtsVendor(TtsVendor primary, TtsVendor fallback) {
        if (primary == fallback) {
            throw new IllegalArgumentException("a vendor cannot be its own fallback: " + primary.name());
        }
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return primary.name();
    }

    @Override
    public AudioFormat outputFormat() {
        return primary.outputFormat();
    }

    public TtsVendor primary() {
        return primary;
    }

    public TtsVendor fallback() {
        return fallback;
    }

    @Override
    public TtsSession openSession(TtsSessionContext context) {
        return new FallbackTtsSession(primary.openSession(context), primary.outputFormat(), fallback, context);
    }

    @Override
    public void close() {
        // Owned by the registry: the same vendors serve other blocks too.
    }
}
