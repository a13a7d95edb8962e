package io.sayline.config;

import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * {@code toString} for configuration records that hold credentials: each component as a record prints it, the
 * named ones as {@code ***} when set, so that a record logged or shown in an error message never carries a key.
 */
final class Secrets {
    static final String HIDDEN = "***";

    private Secrets() {
    }

    static String describe(Record record, String... secretComponents) {
        Set<String> secrets = Set.of(secretComponents);
        StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            Object value;
            try {
                value = components[i].getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (i > 0) {
                out.append(", ");
            }
            out.append(components[i].getName()).append('=')
                    .append(value != null && secrets.contains(components[i].getName()) ? HIDDEN : value);
        }
        return out.append(']').toString();
    }
}
