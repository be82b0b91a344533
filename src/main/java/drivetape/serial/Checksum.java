package drivetape.serial;

/** The protocol's line checksum: XOR of every byte strictly between the leading '$'/'!' and the '*'. */
public final class Checksum {
    private Checksum() {
    }

    /** XOR of {@code buffer[from, to)}. */
    public static int xor(byte[] buffer, int from, int to) {
        int x = 0;
        for (int i = from; i < to; i++) {
            x ^= buffer[i];
        }
        return x & 0xFF;
    }

    /** XOR of the characters of {@code body} (the part between the marker and the '*'). */
    public static int xor(CharSequence body) {
        int x = 0;
        for (int i = 0; i < body.length(); i++) {
            x ^= body.charAt(i);
        }
        return x & 0xFF;
    }
}
