package drivetape.sim.camera;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A JPEG comment (COM, marker FF FE) carrying a frame's truth, put where it survives a recorder that keeps
 * the stream's JPEG bytes as they are: right after the SOI marker and, if there is one, the JFIF APP0
 * segment that must come first.
 */
public final class JpegComment {
    private static final int SOI = 0xD8;
    private static final int APP0 = 0xE0;
    private static final int COM = 0xFE;
    private static final int SOS = 0xDA;

    private JpegComment() {
    }

    /**
     * Copies {@code jpeg} (position to limit) into {@code out} with a COM segment of {@code text[0,
     * textLength)} inserted; returns the new length.
     *
     * @throws IllegalArgumentException when {@code out} is too small or the input is not a JPEG
     */
    public static int insert(ByteBuffer jpeg, byte[] text, int textLength, byte[] out) {
        int start = jpeg.position();
        int length = jpeg.remaining();
        if (length < 4 || (jpeg.get(start) & 0xFF) != 0xFF || (jpeg.get(start + 1) & 0xFF) != SOI) {
            throw new IllegalArgumentException("not a JPEG: no SOI marker");
        }
        if (textLength > 65_533) {
            throw new IllegalArgumentException("a JPEG comment holds at most 65533 bytes");
        }
        int at = 2;
        if ((jpeg.get(start + 2) & 0xFF) == 0xFF && (jpeg.get(start + 3) & 0xFF) == APP0) {
            at = 4 + (((jpeg.get(start + 4) & 0xFF) << 8) | (jpeg.get(start + 5) & 0xFF));
        }
        int total = length + 4 + textLength;
        if (out.length < total) {
            throw new IllegalArgumentException("output buffer of " + out.length + " bytes, " + total + " needed");
        }
        jpeg.get(start, out, 0, at);
        out[at] = (byte) 0xFF;
        out[at + 1] = (byte) COM;
        int segment = 2 + textLength;
        out[at + 2] = (byte) (segment >> 8);
        out[at + 3] = (byte) segment;
        System.arraycopy(text, 0, out, at + 4, textLength);
        jpeg.get(start + at, out, at + 4 + textLength, length - at);
        return total;
    }

    /** The text of the first COM segment before the image data, or null when there is none. */
    public static String read(byte[] jpeg, int length) {
        int i = 2;
        while (i + 4 <= length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            int segment = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
            if (marker == COM) {
                return new String(jpeg, i + 4, Math.min(segment - 2, length - i - 4), StandardCharsets.ISO_8859_1);
            }
            if (marker == SOS) {
                return null;
            }
            i += 2 + segment;
        }
        return null;
    }
}
