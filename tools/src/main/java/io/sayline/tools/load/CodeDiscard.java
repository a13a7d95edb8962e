package io.sayline.tools.load;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Throws away a running JVM's compiled code for some of its classes ({@code load --deopt-at}): attaches to it
 * with the JDK's Attach API and loads {@link RetransformAgent} from a jar written next to the run's output. That
 * is what happens to the call loops when the JIT discards the per-frame path's compiled code under load, made to
 * happen at a chosen moment, so that how the gateway recovers can be measured run after run
 * (docs/performance.md).
 */
final class CodeDiscard {
    /** The gateway's media plane: pacing, RTP sessions, playout, G.711; what the call loops run every frame. */
    static final String MEDIA_CLASSES = "io.sayline.rtp.";
    static final String AGENT_JAR = "retransform-agent.jar";

    private CodeDiscard() {
    }

    /** Loads the agent into process {@code pid}, which must be a JVM of this user; returns how long it took (ms). */
    static long discard(long pid, String classPrefixes, Path dir) throws IOException {
        Path jar = writeAgentJar(dir.resolve(AGENT_JAR));
        long started = System.nanoTime();
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                vm.loadAgent(jar.toString(), classPrefixes);
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | AgentLoadException | AgentInitializationException e) {
            throw new IOException("could not load the retransform agent into process " + pid + ": " + e, e);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** A jar holding only {@link RetransformAgent}, with the manifest that makes it an agent allowed to retransform. */
    static Path writeAgentJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Agent-Class", RetransformAgent.class.getName());
        main.putValue("Can-Retransform-Classes", "true");
        String entry = RetransformAgent.class.getName().replace('.', '/') + ".class";
        try (InputStream classFile = RetransformAgent.class.getClassLoader().getResourceAsStream(entry);
             OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (classFile == null) {
                throw new IOException(entry + " is not on the class path");
            }
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
