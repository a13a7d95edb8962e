package io.sayline.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ResourceLeakDetector;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {
    private ResourceLeakDetector.Level levelBefore;
    private final Map<String, String> propertiesBefore = new HashMap<>();

    @BeforeEach
    void remember() {
        levelBefore = ResourceLeakDetector.getLevel();
        for (String name : Main.LEAK_DETECTION_PROPERTIES) {
            propertiesBefore.put(name, System.getProperty(name));
            System.clearProperty(name);
        }
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterEach
    void restore() {
        ResourceLeakDetector.setLevel(levelBefore);
        propertiesBefore.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void theServerRunsWithoutLeakDetectionByDefault() {
        assertTrue(Main.disableLeakDetectionUnlessConfigured());
        assertEquals(ResourceLeakDetector.Level.DISABLED, ResourceLeakDetector.getLevel());
    }

    @Test
    void anOperatorWhoAsksForLeakDetectionKeepsIt() {
        for (String name : Main.LEAK_DETECTION_PROPERTIES) {
            System.setProperty(name, "paranoid");
            assertFalse(Main.disableLeakDetectionUnlessConfigured(), name);
            assertEquals(ResourceLeakDetector.Level.SIMPLE, ResourceLeakDetector.getLevel(), name);
            System.clearProperty(name);
        }
    }
}
