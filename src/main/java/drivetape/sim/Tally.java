package drivetape.sim;

/**
 * Running counts of sent lines. Single writer (the thread that sends or generates), any number of readers:
 * plain volatile fields, so adding a line allocates nothing.
 */
final class Tally {
    private volatile long samples;
    private volatile long events;
    private volatile long corrupt;
    private volatile long lost;
    private volatile long bytes;
    private volatile long hostLines;
    private volatile long hostIgnored;

    /** A whole line: its record and its bytes. Called by the one writer thread only. */
    void add(ScheduledLine line) {
        addRecord(line);
        addBytes(line.length);
    }

    /** A line's record, once all of it is out. */
    void addRecord(ScheduledLine line) {
        if (line.kind == ScheduledLine.Kind.SAMPLE) {
            samples = samples + 1;
        } else if (line.kind == ScheduledLine.Kind.EVENT) {
            events = events + 1;
        }
        if (line.corrupt) {
            corrupt = corrupt + 1;
        }
        if (line.lostBefore > 0) {
            lost = lost + line.lostBefore;
        }
    }

    /** Bytes written, whole lines or pieces of one. */
    void addBytes(int count) {
        bytes = bytes + count;
    }

    void addHostLine(boolean acted) {
        hostLines = hostLines + 1;
        if (!acted) {
            hostIgnored = hostIgnored + 1;
        }
    }

    SimCounts snapshot() {
        return new SimCounts(samples, events, corrupt, lost, bytes, hostLines, hostIgnored);
    }
}
