package drivetape.episode;

/**
 * What became of the episode's frames. Every captured frame has a frames.csv row; those without a file say why.
 *
 * @param captured frames routed into the episode (rows of frames.csv)
 * @param written frames with a file
 * @param droppedQueueFull no buffer was free when the frame came (the writers or the memory budget were behind)
 * @param droppedShutdown still unwritten when the writer timeout at the end ran out
 * @param writeErrors the write failed
 */
public record FrameCounts(long captured, long written, long droppedQueueFull, long droppedShutdown,
                          long writeErrors) {

    public long dropped() {
        return droppedQueueFull + droppedShutdown + writeErrors;
    }
}
