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

    /**
     * Ready sockets a vendor loop reads before it runs its queued tasks again. The {@code tts-io} loops read every
     * call's vendor answers and also run every call's requests ({@code say}, {@code clear}: OffLoopTtsSession).
     * With no bound, one epoll wake-up could hand a loop hundreds of sockets to read, parse and transcode at
     * 1,000 talking calls, and a request queued meanwhile waited for all of them: 50-260 ms, measured. epoll
     * returns the rest of the ready sockets on the next wake-up (epoll(7): "successive epoll_wait() calls will
     * round robin through the set of ready file descriptors"), so nothing is read later overall; requests
     * just no longer queue behind a whole burst.
     */
    static final int VENDOR_READY_SOCKETS_PER_TURN = 16;

    static EventLoopGroup create(String name, int threads) {
        return group(threads, new DefaultThreadFactory(name, true), null);
    }

    /** Loops that read the vendors' sockets: {@link #VENDOR_READY_SOCKETS_PER_TURN} sockets between task turns. */
    static EventLoopGroup createVendorIo(String name, int threads) {
        ThreadFactory factory = loopThreads(new DefaultThreadFactory(name, true));
        return Epoll.isAvailable()
                ? new EpollEventLoopGroup(threads, factory, VENDOR_READY_SOCKETS_PER_TURN)
                : new NioEventLoopGroup(threads, factory); // NIO has no such bound: it reads all selected keys
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
        Executor executor = new ThreadPerTaskExecutor(loopThreads(delegate));
        return Epoll.isAvailable()
                ? new EpollEventLoopGroup(threads, executor, DefaultEventExecutorChooserFactory.INSTANCE,
                        DefaultSelectStrategyFactory.INSTANCE, RejectedExecutionHandlers.reject(), queues, queues)
                : new NioEventLoopGroup(threads, executor, DefaultEventExecutorChooserFactory.INSTANCE,
                        SelectorProvider.provider(), DefaultSelectStrategyFactory.INSTANCE,
                        RejectedExecutionHandlers.reject(), queues, queues);
    }

    private static ThreadFactory loopThreads(ThreadFactory delegate) {
        return task -> delegate.newThread(() -> {
            LoopSafeAsyncAppender.markCurrentThreadMustNotWait();
            task.run();
        });
    }
}
