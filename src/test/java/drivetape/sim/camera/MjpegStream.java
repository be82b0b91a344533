package drivetape.sim.camera;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test's reader of a multipart/x-mixed-replace body: each JPEG part, with the moment it was complete. */
final class MjpegStream {
    private static final Pattern TRUTH = Pattern.compile("drivetape-truth t_ns=(\\d+) frame=(\\d+) led=([0-9.]+)");

    /** One part, with its COM truth parsed. */
    record Part(byte[] jpeg, long receivedNanoTime, long epochNs, long frame, double led) {
    }

    private final InputStream in;
    private final String boundary;

    MjpegStream(InputStream in, String contentType) {
        this.in = in;
        Matcher m = Pattern.compile("multipart/x-mixed-replace;\\s*boundary=(\\S+)").matcher(contentType);
        if (!m.matches()) {
            throw new AssertionError("not an MJPEG stream: Content-Type " + contentType);
        }
        this.boundary = "--" + m.group(1);
    }

    /** Parts until {@code max} or the end of the stream. */
    List<Part> read(int max) throws IOException {
        List<Part> parts = new ArrayList<>();
        readInto(parts, max);
        return parts;
    }

    /** Parts until the stream ends or is cut off mid-way (the server dropped the connection). */
    List<Part> readUntilCut() {
        List<Part> parts = new ArrayList<>();
        try {
            readInto(parts, Integer.MAX_VALUE);
        } catch (IOException e) {
            // Cut off: what came before stands.
        }
        return parts;
    }

    private List<Part> readInto(List<Part> parts, int max) throws IOException {
        while (parts.size() < max) {
            String line = line();
            if (line == null) {
                return parts;
            }
            if (line.isEmpty()) {
                continue; // the CRLF that ends the part before the delimiter
            }
            if (!line.equals(boundary)) {
                throw new AssertionError("expected the boundary " + boundary + ", got '" + line + "'");
            }
            int length = -1;
            String type = null;
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                String[] kv = header.split(":\\s*", 2);
                if (kv[0].equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(kv[1].trim());
                } else if (kv[0].equalsIgnoreCase("Content-Type")) {
                    type = kv[1].trim();
                }
            }
            if (header == null) {
                return parts;
            }
            if (!"image/jpeg".equals(type) || length <= 0) {
                throw new AssertionError("part without image/jpeg and a Content-Length: " + type + ", " + length);
            }
            byte[] jpeg = in.readNBytes(length);
            if (jpeg.length < length) {
                return parts; // cut off by the end of the stream
            }
            long received = System.nanoTime();
            String comment = JpegComment.read(jpeg, jpeg.length);
            Matcher m = comment == null ? null : TRUTH.matcher(comment);
            if (m == null || !m.matches()) {
                throw new AssertionError("no drivetape-truth comment in frame: " + comment);
            }
            parts.add(new Part(jpeg, received, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Double.parseDouble(m.group(3))));
        }
        return parts;
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
