package drivetape.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Whether the current user may open a device, and how to fix it when not.
 *
 * @param mayOpen     read and write permission for this process
 * @param owner       the device file's owner, or null when unknown
 * @param group       the device file's group, or null when unknown
 * @param permissions e.g. {@code rw-rw----}, or null when unknown
 * @param fix         what to run when {@code mayOpen} is false, else null
 */
public record Access(boolean mayOpen, String owner, String group, String permissions, String fix) {

    /**
     * @param defaultGroup the group that usually owns such devices (dialout, video), named in the fix when the
     *                     device's own group says nothing useful (root)
     */
    static Access of(Path device, AccessCheck check, String defaultGroup) {
        boolean may = check.mayReadWrite(device);
        String owner = null;
        String group = null;
        String permissions = null;
        try {
            PosixFileAttributes a = Files.readAttributes(device, PosixFileAttributes.class);
            owner = a.owner().getName();
            group = a.group().getName();
            permissions = PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException e) {
            // Unknown owner and mode: the fix still names the usual group.
        }
        String fixGroup = group == null || group.equals("root") ? defaultGroup : group;
        String fix = may ? null
                : "sudo usermod -aG " + fixGroup + " $USER, then log out and in again (or reboot)";
        return new Access(may, owner, group, permissions, fix);
    }

    /** e.g. {@code rw-rw---- root:dialout}, or empty when unknown. */
    String modeAndOwner() {
        if (permissions == null) {
            return "";
        }
        return permissions + " " + owner + ":" + group;
    }
}
