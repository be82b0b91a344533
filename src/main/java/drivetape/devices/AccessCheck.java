package drivetape.devices;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may open a device for reading and writing. */
@FunctionalInterface
public interface AccessCheck {

    /**
     * The kernel's own answer (access(2)): it counts the groups this login has, ACLs and root. A user just
     * added to dialout does not have it until they log in again, and this says so.
     */
    AccessCheck SYSTEM = path -> Files.isReadable(path) && Files.isWritable(path);

    boolean mayReadWrite(Path device);
}
