package drivetape.cli;

import drivetape.export.Exporter;
import drivetape.status.StatusLine;
import java.util.Locale;

/**
 * The export's progress on stderr: on a terminal a bar rewritten in place a few times a second, elsewhere (a
 * log, a pipe) a plain line every few seconds.
 */
final class ExportProgress implements Exporter.Progress {
    private static final int BAR_WIDTH = 30;
    private static final long TERMINAL_EVERY_NS = 200_000_000L;
    private static final long LOG_EVERY_NS = 5_000_000_000L;

    private final StatusLine status;
    private final long everyNs;
    /** When the first frame was written: the rate counts from there, not from loading the natives. */
    private long startedNs;
    private long total;
    private long frames;
    private long shownNs;

    ExportProgress(StatusLine status, long expectedFrames) {
        this.status = status;
        this.total = expectedFrames;
        this.everyNs = status.inPlace() ? TERMINAL_EVERY_NS : LOG_EVERY_NS;
    }

    @Override
    public void total(long frames) {
        total = frames;
    }

    @Override
    public void framesDone(long frames) {
        this.frames = frames;
        long now = System.nanoTime();
        if (startedNs == 0) {
            startedNs = now;
            shownNs = now;
            return;
        }
        if (now - shownNs >= everyNs) {
            shownNs = now;
            status.update(line(frames, total, (now - startedNs) / 1e9));
        }
    }

    /** Ends the bar's line, so the summary starts on a fresh one. */
    void finish() {
        if (status.inPlace() && startedNs != 0) {
            status.update(line(frames, Math.max(total, frames), (System.nanoTime() - startedNs) / 1e9));
        }
        status.endLine();
    }

    long frames() {
        return frames;
    }

    /** {@code [#########.....]  45%  45000/100000 frames  1234 frames/s  eta 45 s}. */
    static String line(long frames, long total, double elapsedS) {
        double share = total > 0 ? Math.min(1.0, (double) frames / total) : 0;
        int filled = (int) Math.round(share * BAR_WIDTH);
        double rate = elapsedS > 0 ? frames / elapsedS : 0;
        String eta = rate > 0 && total > frames ? String.format(Locale.ROOT, "  eta %.0f s", (total - frames) / rate)
                : "";
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %d/%d frames  %.0f frames/s%s", "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), share * 100, frames, total, rate, eta);
    }
}
