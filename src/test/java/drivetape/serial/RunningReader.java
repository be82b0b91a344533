package drivetape.serial;

import drivetape.handoff.SpscRing;
import drivetape.runner.AgentRunner;
import drivetape.runner.IdleStrategy;

/** A {@link ControlReader} on its own thread, for tests: started at once, closed by the test. */
final class RunningReader implements AutoCloseable {
    final ControlReader reader;
    private final AgentRunner runner;

    private RunningReader(ControlReader reader) {
        this.reader = reader;
        this.runner = new AgentRunner(reader, IdleStrategy.none());
    }

    static RunningReader of(SerialLink link, SpscRing<ControlRecord> ring) {
        return of(LinkOpener.once(link), ring);
    }

    static RunningReader of(LinkOpener opener, SpscRing<ControlRecord> ring) {
        RunningReader r = new RunningReader(new ControlReader(opener, ring));
        try {
            r.reader.open();
        } catch (SerialException e) {
            throw new IllegalStateException(e);
        }
        r.runner.start();
        return r;
    }

    ReaderCounters counters() {
        return reader.counters();
    }

    /** Whether the link is still open (a link that went away is being looked for again, not read). */
    boolean reading() {
        return reader.connected();
    }

    boolean threadAlive() {
        return runner.isRunning();
    }

    @Override
    public void close() {
        runner.close();
    }
}
