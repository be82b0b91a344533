package drivetape.runner;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Owns one named thread that runs an {@link Agent}: start, the work loop, stop and join, written once for
 * every thread in drivetape. {@link Agent#onClose()} is reached on every path out of the loop, a failure
 * included; a failure is kept for the owner to read, never thrown into nowhere.
 */
public final class AgentRunner implements AutoCloseable {
    private static final long DEFAULT_JOIN_MILLIS = 3_000;

    private final Agent agent;
    private final IdleStrategy idle;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Throwable failure;
    private volatile boolean ended;
    private Thread thread;

    public AgentRunner(Agent agent, IdleStrategy idle) {
        this.agent = agent;
        this.idle = idle;
    }

    /** Starts the thread (a daemon: a device stuck in a driver call must not keep the JVM alive). */
    public synchronized AgentRunner start() {
        if (thread != null) {
            throw new IllegalStateException(agent.name() + " already started");
        }
        thread = new Thread(this::run, agent.name());
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            agent.onStart();
            started.countDown();
            while (running) {
                idle.idle(agent.doWork());
            }
        } catch (Throwable t) {
            if (running) {
                failure = t;
            }
        } finally {
            started.countDown();
            try {
                agent.onClose();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
            ended = true;
        }
    }

    /** Waits until {@link Agent#onStart()} has returned (or failed), at most {@code millis}. */
    public boolean awaitStarted(long millis) throws InterruptedException {
        return started.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Why the thread ended on its own (an exception from a step), or null. */
    public Throwable failure() {
        return failure;
    }

    /** True once the thread has left its loop and run {@link Agent#onClose()}. */
    public boolean hasEnded() {
        return ended;
    }

    public boolean isRunning() {
        return running && !ended;
    }

    /** Asks the thread to stop after its current step, without waiting. Safe from any thread. */
    public void requestStop() {
        if (running) {
            running = false;
            agent.onStopRequested();
            Thread t = thread;
            if (t != null) {
                idle.wake(t);
            }
        }
    }

    /** Stops the thread and waits for it (a few seconds at most); safe to call more than once. */
    @Override
    public void close() {
        close(DEFAULT_JOIN_MILLIS);
    }

    /** @return true when the thread ended within {@code joinMillis} */
    public boolean close(long joinMillis) {
        requestStop();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return t == null || ended;
        }
        try {
            t.join(Math.max(1, joinMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }
}
