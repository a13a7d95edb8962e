package io.sayline.core.metrics;

import java.util.List;

/**
 * The label pairs of one series, in the order given, e.g. {@code {direction="in",reason="malformed"}}.
 * Values are escaped as the exposition format requires; callers keep the set of values bounded (never a
 * caller-supplied string), so a scanner cannot grow the registry.
 */
public record Labels(List<String> pairs) implements Comparable<Labels> {
    public static final Labels NONE = new Labels(List.of());

    public Labels {
        if (pairs.size() % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + pairs);
        }
        pairs = List.copyOf(pairs);
    }

    /** {@code Labels.of("direction", "in", "reason", "malformed")}. */
    public static Labels of(String... namesAndValues) {
        return new Labels(List.of(namesAndValues));
    }

    /** The series' suffix after the metric name: empty, or {@code {name="value",...}}. */
    String render() {
        if (pairs.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.size(); i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pairs.get(i)).append("=\"").append(escape(pairs.get(i + 1))).append('"');
        }
        return out.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public int compareTo(Labels other) {
        return render().compareTo(other.render());
    }
}
