package drivetape.runner;

/**
 * One thread's work, as a loop of small steps (the Agrona agent idea): the {@link AgentRunner} that owns
 * the thread calls {@link #doWork()} until it is closed, idling between steps that found nothing to do.
 */
public interface Agent {

    /** The thread's name, e.g. {@code drivetape-serial}. */
    String name();

    /**
     * Does the work that is ready. May block briefly (a serial read with a timeout); must return within
     * a fraction of a second so a close is noticed.
     *
     * @return how much was done (0 lets the runner idle)
     * @throws Exception ends the thread; the runner keeps it as {@link AgentRunner#failure()}
     */
    int doWork() throws Exception;

    /** On the agent's thread, before the first step. */
    default void onStart() throws Exception {
    }

    /**
     * From the thread closing the runner, before it waits: unblock a step that may be waiting on a device
     * (close a source, interrupt a wait). Must not free what the agent's thread may still be using.
     */
    default void onStopRequested() {
    }

    /** On the agent's thread, last: release what the agent owns. Always reached once the thread started. */
    default void onClose() {
    }
}
