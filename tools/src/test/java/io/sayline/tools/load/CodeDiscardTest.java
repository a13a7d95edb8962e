package io.sayline.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load --deopt-at}'s agent, loaded into a real JVM of its own as into the gateway. */
class CodeDiscardTest {
    @TempDir
    Path dir;

    /** The JVM the agent is loaded into: says it is ready, then waits to be killed. */
    public static final class Target {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }

    @Test
    void theAgentRetransformsTheNamedClassesOfARunningJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process target = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Target.class.getName())).start();
        try (BufferedReader stdout = new BufferedReader(new InputStreamReader(target.getInputStream(),
                StandardCharsets.UTF_8));
             BufferedReader stderr = new BufferedReader(new InputStreamReader(target.getErrorStream(),
                     StandardCharsets.UTF_8))) {
            assertEquals("ready", stdout.readLine());

            CodeDiscard.discard(target.pid(), Target.class.getName(), dir);

            assertEquals("load --deopt-at: retransformed 1 classes (" + Target.class.getName() + ")",
                    stderr.readLine().replaceAll(" in [0-9.]+ ms.*", ""));
        } finally {
            target.destroyForcibly().waitFor();
        }
        assertTrue(dir.resolve(CodeDiscard.AGENT_JAR).toFile().isFile());
    }
}
