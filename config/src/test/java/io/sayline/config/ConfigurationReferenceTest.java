package io.sayline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/configuration.md true to the configuration model: the keys its tables list are exactly the keys
 * of {@link SaylineConfig}, the defaults they state are the loader's, and its complete example sets every key
 * and loads.
 *
 * <p>Notation, as in the document: keys are dotted YAML names, a list of records is {@code routes[].match}, a
 * map of records is {@code tts.<name>.voiceId}. A key table is a Markdown table whose first header cell is
 * {@code Key}; each of its rows starts with the key in backticks.
 */
class ConfigurationReferenceTest {
    private static final String DOCUMENT = "docs/configuration.md";
    private static final String MAP_KEY = "<name>";
    private static final String LIST_ITEM = "[]";
    private static final String EXAMPLE_HEADING = "## A complete example";
    private static final Pattern KEY_CELL = Pattern.compile("`([^`]+)`");
    private static final Pattern DEFAULT_VALUE = Pattern.compile("`([^`]*)`");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> EXAMPLE_ENV =
            Map.of("ELEVENLABS_API_KEY", "test-api-key", "BOT_TOKEN", "test-bot-token", "CALLS_TOKEN", "test-calls-token", "PBX1_PASSWORD",
                    "test-pbx-password");

    @TempDir
    Path dir;

    @Test
    void everyKeyOfTheModelIsDocumented() throws IOException {
        Set<String> missing = new TreeSet<>(modelKeys());
        missing.removeAll(documentedKeys().keySet());
        assertTrue(missing.isEmpty(), "keys of the configuration model missing from " + DOCUMENT + ": " + missing);
    }

    @Test
    void everyDocumentedKeyExistsInTheModel() throws IOException {
        Set<String> unknown = new TreeSet<>(documentedKeys().keySet());
        unknown.removeAll(modelKeys());
        assertTrue(unknown.isEmpty(),
                "keys in " + DOCUMENT + " that the configuration model does not have: " + unknown);
    }

    @Test
    void noKeyIsDocumentedTwice() throws IOException {
        Set<String> seen = new TreeSet<>();
        Set<String> twice = new TreeSet<>();
        for (Row row : rows()) {
            if (!seen.add(row.key())) {
                twice.add(row.key());
            }
        }
        assertTrue(twice.isEmpty(), "keys listed more than once in " + DOCUMENT + ": " + twice);
    }

    /**
     * The Default column holds a YAML value in backticks, "required" or "not set". A {@code tts.<name>} key's
     * default is checked against a bare block of each provider and must match one of them.
     */
    @Test
    void everyDocumentedDefaultIsTheLoadersDefault() throws IOException {
        SaylineConfig defaults = ConfigLoader.load(null, Map.of(), List.of(
                ConfigLoader.Override.set("tts.bareEmbedded.provider", "embedded"),
                ConfigLoader.Override.set("tts.bareEleven.provider", "elevenlabs"),
                ConfigLoader.Override.set("tts.bareEleven.apiKey", "k"),
                ConfigLoader.Override.set("tts.bareEleven.voiceId", "v"),
                ConfigLoader.Override.set("stt.bareScribe.provider", "elevenlabs"),
                ConfigLoader.Override.set("stt.bareScribe.apiKey", "k")));
        JsonNode actual = YAML.valueToTree(defaults);
        List<String> wrong = new ArrayList<>();
        for (Row row : rows()) {
            String cell = row.defaultCell();
            JsonNode expected;
            if (cell.equals("required")) {
                continue;
            } else if (cell.equals("not set")) {
                expected = null;
            } else {
                Matcher value = DEFAULT_VALUE.matcher(cell);
                if (!value.matches()) {
                    wrong.add(row.key() + " (line " + row.line() + "): default '" + cell
                            + "' is neither `value`, required nor not set");
                    continue;
                }
                expected = YAML.readTree(value.group(1));
            }
            List<JsonNode> candidates = row.key().startsWith("tts." + MAP_KEY + ".")
                    ? List.of(at(actual, row.key(), "bareEmbedded"), at(actual, row.key(), "bareEleven"))
                    : row.key().startsWith("stt." + MAP_KEY + ".")
                    ? List.of(at(actual, row.key(), "bareScribe"))
                    : List.of(at(actual, row.key(), null));
            if (candidates.stream().noneMatch(candidate -> sameValue(expected, candidate))) {
                wrong.add(row.key() + " (line " + row.line() + "): documented " + cell + ", actual "
                        + candidates.stream().map(node -> node.isMissingNode() ? "absent" : node.toString()).toList());
            }
        }
        assertTrue(wrong.isEmpty(), "defaults in " + DOCUMENT + " that differ from the loader's:\n  "
                + String.join("\n  ", wrong));
    }

    @Test
    void theCompleteExampleLoadsThroughTheCommandLine() throws IOException {
        Path file = dir.resolve("sayline.yaml");
        Files.writeString(file, example());
        SaylineConfig config = CommandLine.parse("--config", file.toString()).load(EXAMPLE_ENV);
        assertEquals("test-api-key", config.vendor("eleven").apiKey());
        assertEquals("embedded", config.vendor("eleven").fallback());
        assertEquals("test-bot-token", config.route("100").orElseThrow().token());
        assertEquals("embedded", config.route("200").orElseThrow().tts());
    }

    @Test
    void theCompleteExampleSetsEveryKey() throws IOException {
        Set<String> inExample = new TreeSet<>();
        flatten(YAML.readTree(example()), SaylineConfig.class, "", inExample);
        Set<String> missing = new TreeSet<>(modelKeys());
        missing.removeAll(inExample);
        assertTrue(missing.isEmpty(), "keys the complete example in " + DOCUMENT + " does not set: " + missing);
    }

    // ---- the model ----

    /** Every leaf key of the model, in the document's notation, with Jackson's names and aliases. */
    private static Set<String> modelKeys() {
        Set<String> keys = new TreeSet<>();
        walk(SaylineConfig.class, "", keys);
        return keys;
    }

    private static void walk(Type type, String prefix, Set<String> keys) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                if (annotation(component, JsonIgnore.class) == null) {
                    for (String name : names(component)) {
                        walk(component.getGenericType(), join(prefix, name), keys);
                    }
                }
            }
        } else if (List.class.isAssignableFrom(raw) && raw(typeArgument(type, 0)).isRecord()) {
            walk(typeArgument(type, 0), prefix + LIST_ITEM, keys);
        } else if (Map.class.isAssignableFrom(raw) && raw(typeArgument(type, 1)).isRecord()) {
            walk(typeArgument(type, 1), join(prefix, MAP_KEY), keys);
        } else {
            keys.add(prefix);
        }
    }

    /** The keys of a YAML tree, read along the model's types so that lists and maps of records get the notation. */
    private static void flatten(JsonNode node, Type type, String prefix, Set<String> keys) {
        Class<?> raw = raw(type);
        if (raw.isRecord() && node.isObject()) {
            Map<String, RecordComponent> byName = new LinkedHashMap<>();
            for (RecordComponent component : raw.getRecordComponents()) {
                names(component).forEach(name -> byName.put(name, component));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                RecordComponent component = byName.get(field.getKey());
                String key = join(prefix, field.getKey());
                if (component == null) {
                    keys.add(key);
                } else {
                    flatten(field.getValue(), component.getGenericType(), key, keys);
                }
            }
        } else if (List.class.isAssignableFrom(raw) && raw(typeArgument(type, 0)).isRecord() && node.isArray()) {
            node.forEach(item -> flatten(item, typeArgument(type, 0), prefix + LIST_ITEM, keys));
        } else if (Map.class.isAssignableFrom(raw) && raw(typeArgument(type, 1)).isRecord() && node.isObject()) {
            node.forEach(value -> flatten(value, typeArgument(type, 1), join(prefix, MAP_KEY), keys));
        } else {
            keys.add(prefix);
        }
    }

    /**
     * The names Jackson reads a component under: {@code @JsonProperty}'s name or the component's, plus any
     * {@code @JsonAlias}. On a record these annotations land on the field, accessor or constructor parameter.
     */
    private static List<String> names(RecordComponent component) {
        List<String> names = new ArrayList<>();
        JsonProperty property = annotation(component, JsonProperty.class);
        names.add(property != null && !property.value().isEmpty() ? property.value() : component.getName());
        JsonAlias alias = annotation(component, JsonAlias.class);
        if (alias != null) {
            names.addAll(Arrays.asList(alias.value()));
        }
        return names;
    }

    private static <A extends Annotation> A annotation(RecordComponent component, Class<A> type) {
        List<AnnotatedElement> places = new ArrayList<>(List.of(component, component.getAccessor()));
        Class<?> record = component.getDeclaringRecord();
        try {
            places.add(record.getDeclaredField(component.getName()));
            RecordComponent[] components = record.getRecordComponents();
            Constructor<?> canonical = record.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(component.getName())) {
                    places.add(canonical.getParameters()[i]);
                }
            }
        } catch (NoSuchFieldException | NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return places.stream().map(place -> place.getAnnotation(type)).filter(a -> a != null).findFirst().orElse(null);
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType parameterized
                ? parameterized.getActualTypeArguments()[index] : Object.class;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---- the document ----

    record Row(String key, String defaultCell, int line) {
    }

    private static Map<String, Row> documentedKeys() throws IOException {
        Map<String, Row> keys = new LinkedHashMap<>();
        rows().forEach(row -> keys.putIfAbsent(row.key(), row));
        return keys;
    }

    /** The rows of every key table, in document order. */
    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(document());
        List<Row> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            if (!header.get(0).equals("Key") || cells.stream().allMatch(cell -> cell.matches(":?-+:?"))) {
                continue;
            }
            Matcher key = KEY_CELL.matcher(cells.get(0));
            int defaultColumn = header.indexOf("Default");
            if (!key.matches() || defaultColumn < 0 || cells.size() != header.size()) {
                fail(DOCUMENT + " line " + (i + 1) + ": a key table row needs the key in backticks in its first cell"
                        + " and one cell per column (" + header + "): " + line);
            }
            rows.add(new Row(key.group(1), cells.get(defaultColumn), i + 1));
        }
        assertFalse(rows.isEmpty(), DOCUMENT + " has no key table (a table whose first column is headed 'Key')");
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
    }

    /** The first YAML block after the complete example's heading. */
    private static String example() throws IOException {
        List<String> lines = Files.readAllLines(document());
        int heading = lines.indexOf(EXAMPLE_HEADING);
        assertTrue(heading >= 0, DOCUMENT + " has no heading '" + EXAMPLE_HEADING + "'");
        int open = heading + 1;
        while (open < lines.size() && !lines.get(open).trim().equals("```yaml")) {
            open++;
        }
        StringBuilder yaml = new StringBuilder();
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```")) {
                return yaml.toString();
            }
            yaml.append(lines.get(i)).append('\n');
        }
        throw new AssertionError(DOCUMENT + ": no ```yaml block closed after '" + EXAMPLE_HEADING + "'");
    }

    /** docs/configuration.md of the repository: Surefire runs in the module directory, so look upwards. */
    private static Path document() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(DOCUMENT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(DOCUMENT + " not found in " + start + " or any directory above it");
    }

    // ---- defaults ----

    /** The value at a documented key: the first route for {@code routes[]}, block {@code block} for {@code <name>}. */
    private static JsonNode at(JsonNode root, String key, String block) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            boolean item = part.endsWith(LIST_ITEM);
            String name = item ? part.substring(0, part.length() - LIST_ITEM.length()) : part;
            node = node.path(name.equals(MAP_KEY) ? block : name);
            if (item) {
                node = node.path(0);
            }
        }
        return node;
    }

    private static boolean sameValue(JsonNode expected, JsonNode actual) {
        if (expected == null || expected.isNull()) {
            return actual.isMissingNode() || actual.isNull();
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }
}
