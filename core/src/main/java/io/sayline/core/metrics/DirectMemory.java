package io.sayline.core.metrics;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * Off-heap memory the process holds in direct buffers, for {@code sayline_direct_memory_bytes}: a leaked
 * pooled {@code ByteBuf} or a per-call buffer never freed shows here and not in the heap. Two ledgers, summed:
 * the JDK's {@code direct} buffer pool ({@code ByteBuffer.allocateDirect}, which Netty's pool uses when it
 * cannot bypass the JDK's cleaner, the default on JDK 17 without {@code --add-opens}), and Netty's own counter
 * of the buffers it allocates without a cleaner ({@code PlatformDependent.usedDirectMemory()}, -1 when
 * unused). A buffer is in one ledger or the other, never both.
 */
public final class DirectMemory {
    private static final String JDK_DIRECT_POOL = "direct";

    private DirectMemory() {
    }

    public static long usedBytes() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> JDK_DIRECT_POOL.equals(pool.getName())).mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }
}
