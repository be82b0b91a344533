package drivetape.camera;

/** Makes a new, not yet opened {@link FrameSource} for the camera (at start, and after it went away). */
@FunctionalInterface
public interface CameraOpener {
    FrameSource create() throws CameraException;

    /** A source that cannot be made again. */
    static CameraOpener once(FrameSource source) {
        FrameSource[] left = {source};
        return () -> {
            FrameSource next = left[0];
            left[0] = null;
            if (next == null) {
                throw new CameraException("the camera source cannot be reopened");
            }
            return next;
        };
    }
}
