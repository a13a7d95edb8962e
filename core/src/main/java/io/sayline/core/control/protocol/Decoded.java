package io.sayline.core.control.protocol;

import java.util.Objects;

/**
 * The outcome of decoding one frame: a value, or the {@code error} event that tells the sender what was
 * wrong. Decoding never throws; a bad frame is a value like any other.
 */
public final class Decoded<T> {
    private final T value;
    private final Event.Error error;

    private Decoded(T value, Event.Error error) {
        this.value = value;
        this.error = error;
    }

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Decoded<T> invalid(Event.Error error) {
        return new Decoded<>(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isOk() {
        return value != null;
    }

    /** The decoded value; only when {@link #isOk()}. */
    public T value() {
        if (value == null) {
            throw new IllegalStateException("no value: " + error);
        }
        return value;
    }

    /** What was wrong; only when not {@link #isOk()}. */
    public Event.Error error() {
        if (error == null) {
            throw new IllegalStateException("decoded fine: " + value);
        }
        return error;
    }

    @Override
    public String toString() {
        return isOk() ? "Decoded[" + value + "]" : "Decoded[" + error + "]";
    }
}
