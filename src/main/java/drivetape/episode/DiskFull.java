package drivetape.episode;

/** Recognises "no space left on device" (ENOSPC) and "quota exceeded" (EDQUOT) in I/O failures. */
final class DiskFull {
    private DiskFull() {
    }

    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
