package drivetape.align;

import java.util.Locale;

/**
 * What building aligned.csv did with each frame of frames.csv. Every frame is counted once, under the first
 * of these that applies: excluded by a person, not written, no control sample near, no signal, else a row.
 *
 * @param rows rows in aligned.csv (frames with a file, a control sample near and a signal)
 * @param excluded frames in excluded.json's ranges
 * @param notWritten frames captured but never written (bytes 0 in frames.csv)
 * @param noControlNear written frames with no control sample within 100 ms before or after
 * @param noSignal written frames whose values would come from a sample with a channel at 0
 */
public record AlignCounts(int rows, int excluded, int notWritten, int noControlNear, int noSignal) {

    public int frames() {
        return rows + excluded + notWritten + noControlNear + noSignal;
    }

    public int leftOut() {
        return excluded + notWritten + noControlNear + noSignal;
    }

    /** One line for people, e.g. "aligned.csv: 1785 rows; left out 15 of 1800 frames: ...". */
    public String line() {
        return String.format(Locale.ROOT, "aligned.csv: %d rows; left out %d of %d frames: %d excluded, "
                        + "%d not written, %d without a control sample within 100 ms, %d without signal",
                rows, leftOut(), frames(), excluded, notWritten, noControlNear, noSignal);
    }
}
