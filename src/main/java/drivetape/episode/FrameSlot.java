package drivetape.episode;

import java.nio.ByteBuffer;

/** A reusable buffer holding one frame's bytes between the camera thread and a frame writer thread. */
final class FrameSlot {
    ByteBuffer data = ByteBuffer.allocateDirect(0);
    boolean jpeg;
    int width;
    int height;
    int stride;
    FrameRow row;
}
