package drivetape.devices;

import java.nio.file.Path;

/** Asks a V4L2 device node what it is and which formats it offers (the VIDIOC_QUERYCAP and ENUM ioctls). */
@FunctionalInterface
public interface CameraQuery {

    /** Never throws: what could not be asked is in {@link CameraDetails#problem()}. */
    CameraDetails query(Path device);
}
