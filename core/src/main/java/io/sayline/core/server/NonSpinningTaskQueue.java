package io.sayline.core.server;

import io.netty.channel.EventLoopTaskQueueFactory;
import io.netty.util.internal.shaded.org.jctools.queues.MessagePassingQueue;
import io.netty.util.internal.shaded.org.jctools.queues.MpscUnboundedArrayQueue;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;

/**
 * The task queue of a pacing loop: Netty's own lock-free MPSC queue, except that the loop never spins in it.
 *
 * <p>Why: Netty's queue (JCTools) lets a producer claim a slot and store its task a moment later; a {@code poll}
 * that finds the slot claimed but empty spins until the task appears, and {@code isEmpty} says "not empty" in
 * the meantime. A pacing loop runs under {@code SCHED_FIFO}; its producers (SIP threads, vendor threads, the
 * {@code tts-io} loops) do not. A producer preempted between claim and store — on two cores, by the other pacing
 * loop or by this one waking up — would get no CPU while the loop spins for it, until the kernel's real-time
 * throttling stopped the loop after 950 ms. That is the same trap as the one measured in the 200-call load runs
 * (a loop spinning in the JVM's runtime for the normal-priority VM thread, RealtimePriority.applyToJvmThreads);
 * this one was not caught in the act, but nothing but chance keeps it from happening, so the loops never spin.
 *
 * <p>Here {@code poll} and {@code peek} are JCTools' relaxed forms (null while the task is not yet visible) and
 * {@code isEmpty} asks whether a task is visible, so the loop goes back to {@code epoll_wait}. That is safe with
 * Netty's wake-up protocol: {@code execute} stores the task first and only then wakes the loop (an
 * {@code eventfd} write when the loop is about to block), so a task made visible late still wakes it.
 */
final class NonSpinningTaskQueue extends AbstractQueue<Runnable> {
    /** Tasks per linked chunk, Netty's default for its own unbounded task queues. */
    private static final int CHUNK_SIZE = 1024;

    static final EventLoopTaskQueueFactory FACTORY = maxCapacity -> new NonSpinningTaskQueue();

    private final MessagePassingQueue<Runnable> tasks = new MpscUnboundedArrayQueue<>(CHUNK_SIZE);

    @Override
    public boolean offer(Runnable task) {
        return tasks.offer(task);
    }

    @Override
    public Runnable poll() {
        return tasks.relaxedPoll();
    }

    @Override
    public Runnable peek() {
        return tasks.relaxedPeek();
    }

    @Override
    public boolean isEmpty() {
        return tasks.relaxedPeek() == null;
    }

    @Override
    public int size() {
        return tasks.size();
    }

    @Override
    public Iterator<Runnable> iterator() {
        return ((Queue<Runnable>) tasks).iterator();
    }
}
