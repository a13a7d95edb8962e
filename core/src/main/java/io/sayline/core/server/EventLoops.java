package io.sayline.core.server;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.EventLoopTaskQueueFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutorChooserFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.sayline.core.logging.LoopSafeAsyncAppender;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The server's event loops: one per core, native epoll where the platform has it (docs/dependencies.md,
 * "Netty": NIO's pacing p99 was 1.2–2.3 ms against epoll's 0.7–0.9 ms on these machines). Calls are pinned
 * to one loop each.
 */
final class EventLoops {
    private EventLoops() {
    }

    static EventLoopGroup create(String name, int threads) {
        return group(threads, new DefaultThreadFactory(name, true), null);
    }

    /**
     * Loops that pace frames: under {@code SCHED_FIFO} at {@code realtimePriority} (0: normal scheduling), with
     * task queues they never spin in ({@link NonSpinningTaskQueue}), and started now, so neither the thread's
     * start nor the priority change lands on the first call.
     */
    static EventLoopGroup createPacing(String name, int threads, int realtimePriority) {
        EventLoopGroup group = group(threads,
                RealtimePriority.threadFactory(new DefaultThreadFactory(name, true), realtimePriority),
                NonSpinningTaskQueue.FACTORY);
        group.forEach(loop -> loop.submit(() -> { }).syncUninterruptibly());
        return group;
    }

    /**
     * Every loop drops a log line rather than wait for a full log queue (LoopSafeAsyncAppender); {@code queues}
     * null keeps Netty's own task queues (its event loops take a null factory as "the default queue").
     */
    private static EventLoopGroup group(int threads, ThreadFactory delegate, EventLoopTaskQueueFactory queues) {
        ThreadFactory factory = task -> delegate.newThread(() -> {
            LoopSafeAsyncAppender.markCurrentThreadMustNotWait();
            task.run();
        });
        Executor executor = new ThreadPerTaskExecutor(factory);
        return Epoll.isAvailable()
                ? new EpollEventLoopGroup(threads, executor, DefaultEventExecutorChooserFactory.INSTANCE,
                        DefaultSelectStrategyFactory.INSTANCE, RejectedExecutionHandlers.reject(), queues, queues)
                : new NioEventLoopGroup(threads, executor, DefaultEventExecutorChooserFactory.INSTANCE,
                        SelectorProvider.provider(), DefaultSelectStrategyFactory.INSTANCE,
                        RejectedExecutionHandlers.reject(), queues, queues);
    }
}
