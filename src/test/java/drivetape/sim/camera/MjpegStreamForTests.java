package drivetape.sim.camera;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** {@link MjpegStream} for tests outside this package: frame number and LED fraction of each part. */
public final class MjpegStreamForTests {
    /** A part's truth, its bytes as sent, and System.nanoTime() when it had arrived whole. */
    public record Frame(long frame, long epochNs, double led, byte[] jpeg, long receivedNanoTime) {
    }

    private MjpegStreamForTests() {
    }

    /** Every part until the stream ends. */
    public static List<Frame> read(InputStream body, String contentType) throws IOException {
        return new MjpegStream(body, contentType).read(Integer.MAX_VALUE).stream()
                .map(p -> new Frame(p.frame(), p.epochNs(), p.led(), p.jpeg(), p.receivedNanoTime())).toList();
    }
}
