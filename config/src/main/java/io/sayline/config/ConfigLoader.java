package io.sayline.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link SaylineConfig} from three layers, each overriding the one before key by key:
 * the built-in defaults, the YAML (or JSON) file, then command-line flags. Objects merge; lists and
 * scalars replace. {@code ${NAME}} and {@code ${NAME:-default}} in string values of the file are
 * expanded from the environment. The result is validated before it is returned; every problem is a
 * {@link ConfigException} naming the key.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Mappings of named vendor blocks: their keys are the operator's names, not keys of the defaults. */
    private static final Set<String> VENDOR_SECTIONS = Set.of("tts", "stt");

    private ConfigLoader() {
    }

    /**
     * @param file      the operator's file, or null for defaults only
     * @param env       the environment used for {@code ${NAME}} expansion
     * @param overrides flag overrides as (dotted path, value) pairs, applied last
     */
    public static SaylineConfig load(Path file, Map<String, String> env, List<Override> overrides) {
        ObjectNode defaults = (ObjectNode) resource("defaults.yaml");
        ObjectNode tree = defaults.deepCopy();
        if (file != null) {
            JsonNode fromFile = readFile(file);
            if (!fromFile.isMissingNode() && !fromFile.isNull()) {
                if (!fromFile.isObject()) {
                    throw new ConfigException("(file)", file + " must hold a mapping at the top level");
                }
                merge(tree, EnvExpander.expand(fromFile, env, ""));
            }
        }
        for (Override override : overrides) {
            override.applyTo(tree);
        }
        rejectNulls(defaults, tree, "");
        applyProviderDefaults(tree);
        SaylineConfig config = bind(tree);
        ConfigValidator.validate(config);
        return config;
    }

    private static void applyProviderDefaults(ObjectNode tree) {
        applyProviderDefaults(tree, "tts", Map.of("elevenlabs", "elevenlabs-defaults.yaml",
                "embedded", "embedded-defaults.yaml"), "embedded, elevenlabs");
        applyProviderDefaults(tree, "stt", Map.of("elevenlabs", "scribe-defaults.yaml"), "elevenlabs");
    }

    /** Fills every block of the {@code section} mapping with its provider's defaults (file per provider). */
    private static void applyProviderDefaults(ObjectNode tree, String section, Map<String, String> defaultsByProvider,
                                              String providerNames) {
        Iterator<Map.Entry<String, JsonNode>> vendors = tree.path(section).fields();
        while (vendors.hasNext()) {
            Map.Entry<String, JsonNode> vendor = vendors.next();
            if (!vendor.getValue().isObject()) {
                throw new ConfigException(section + "." + vendor.getKey(), "must be a mapping");
            }
            String provider = vendor.getValue().path("provider").asText("");
            String defaults = defaultsByProvider.get(provider);
            if (defaults == null) {
                throw new ConfigException(section + "." + vendor.getKey() + ".provider",
                        "'" + provider + "' is not one of " + providerNames);
            }
            ObjectNode providerDefaults = (ObjectNode) resource(defaults);
            rejectNulls(providerDefaults, vendor.getValue(), section + "." + vendor.getKey() + ".");
            ObjectNode merged = providerDefaults.deepCopy();
            merge(merged, vendor.getValue());
            vendor.setValue(merged);
        }
    }

    /**
     * A key written as {@code null} (or left empty in YAML) where the defaults have a value would replace that
     * value with nothing and fail later, far from the file: refuse it here, naming the key.
     */
    private static void rejectNulls(JsonNode defaults, JsonNode tree, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = defaults.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = tree.get(field.getKey());
            if (value == null || field.getValue().isNull()) {
                continue;
            }
            String key = prefix + field.getKey();
            if (value.isNull()) {
                throw new ConfigException(key, field.getValue().isObject() ? "must be a mapping, not empty" : "must not be empty");
            }
            if (field.getValue().isObject() && !VENDOR_SECTIONS.contains(field.getKey())) {
                if (!value.isObject()) {
                    throw new ConfigException(key, "must be a mapping");
                }
                rejectNulls(field.getValue(), value, key + ".");
            }
        }
    }

    private static SaylineConfig bind(JsonNode tree) {
        try {
            return YAML.treeToValue(tree, SaylineConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(path(e), problem(e));
        } catch (IOException e) {
            throw new ConfigException("(file)", e.getMessage());
        }
    }

    /** Deep merge: objects merge key by key, anything else in {@code top} replaces what is in {@code base}. */
    static void merge(ObjectNode base, JsonNode top) {
        Iterator<Map.Entry<String, JsonNode>> fields = top.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static JsonNode readFile(Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException("--config", file + " cannot be read");
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException("(file)", file + " is not valid YAML: " + message);
        }
    }

    static JsonNode resource(String name) {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource " + name);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(file)" : path.toString();
    }

    private static String problem(JsonMappingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Unrecognized field")) {
            return "unknown key";
        }
        if (message.contains("Cannot deserialize value of type")) {
            String type = message.replaceFirst(".*value of type `([^`]+)`.*(?s).*", "$1");
            return "expected " + type.replaceFirst(".*\\.", "").replace("java.lang.", "").toLowerCase();
        }
        if (message.contains("null value for creator property")) {
            return "must not be null";
        }
        return message.lines().findFirst().orElse(message);
    }

    /** One command-line flag's effect: a value written at a dotted path before binding. */
    @FunctionalInterface
    public interface Override {
        void applyTo(ObjectNode tree);

        /** Sets a scalar at a dotted path such as {@code sip.port}, creating objects on the way. */
        static Override set(String dottedPath, JsonNode value) {
            return tree -> {
                String[] keys = dottedPath.split("\\.");
                ObjectNode node = tree;
                for (int i = 0; i < keys.length - 1; i++) {
                    node = node.with(keys[i]);
                }
                node.set(keys[keys.length - 1], value);
            };
        }

        static Override set(String dottedPath, String value) {
            return set(dottedPath, TextNode.valueOf(value));
        }

        /** Sets {@code field} of every entry of the {@code routes} list. */
        static Override everyRoute(String field, String value) {
            return tree -> tree.withArray("routes").forEach(route -> ((ObjectNode) route).put(field, value));
        }
    }
}
