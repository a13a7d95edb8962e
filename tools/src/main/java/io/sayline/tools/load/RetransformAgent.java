package io.sayline.tools.load;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.Arrays;
import java.util.List;

/**
 * A Java agent that {@link CodeDiscard} loads into the running gateway: it retransforms, unchanged, every loaded
 * class whose name starts with one of the comma-separated prefixes it is given. The JVM then throws away the
 * compiled code of those classes' methods and of every method that inlined them, as a deoptimisation would, and
 * the code runs in the slower tiers until the JIT compiles it again. It prints what it did on the gateway's stderr.
 *
 * <p>This class runs inside the gateway, from a jar of its own: it may use nothing but the JDK.
 */
public final class RetransformAgent {
    private RetransformAgent() {
    }

    public static void agentmain(String prefixes, Instrumentation instrumentation) throws UnmodifiableClassException {
        List<String> wanted = Arrays.asList(prefixes.split(","));
        Class<?>[] classes = Arrays.stream(instrumentation.getAllLoadedClasses())
                .filter(c -> instrumentation.isModifiableClass(c) && wanted.stream().anyMatch(c.getName()::startsWith))
                .toArray(Class<?>[]::new);
        long started = System.nanoTime();
        instrumentation.retransformClasses(classes);
        System.err.printf("load --deopt-at: retransformed %d classes (%s) in %.1f ms: their compiled code is gone%n",
                classes.length, prefixes, (System.nanoTime() - started) / 1e6);
    }
}
