package drivetape.sim.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import drivetape.camera.OpenCvJpegEncoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegCommentTest {

    @Test
    void aCommentGoesAfterTheJfifHeaderAndTheImageStillDecodes() throws Exception {
        FramePainter painter = new FramePainter(320, 240);
        ByteBuffer bgr = ByteBuffer.allocateDirect(320 * 240 * 3);
        painter.paint(bgr, 0, 1000);
        byte[] text = "drivetape-truth t_ns=1700000000123456789 frame=42 led=1".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[200_000];
        int length;
        byte[] original;
        try (OpenCvJpegEncoder encoder = new OpenCvJpegEncoder()) {
            ByteBuffer jpeg = encoder.encode(bgr, 320, 240, 320 * 3, 80);
            original = new byte[jpeg.remaining()];
            jpeg.duplicate().get(original);
            length = JpegComment.insert(jpeg, text, text.length, out);
        }
        assertThat(length).isEqualTo(original.length + 4 + text.length);
        assertThat(out[0] & 0xFF).isEqualTo(0xFF);
        assertThat(out[1] & 0xFF).isEqualTo(0xD8);
        boolean jfif = (original[2] & 0xFF) == 0xFF && (original[3] & 0xFF) == 0xE0;
        int at = jfif ? 4 + (((original[4] & 0xFF) << 8) | (original[5] & 0xFF)) : 2;
        assertThat(out[at] & 0xFF).isEqualTo(0xFF);
        assertThat(out[at + 1] & 0xFF).isEqualTo(0xFE);
        assertThat(((out[at + 2] & 0xFF) << 8) | (out[at + 3] & 0xFF)).isEqualTo(text.length + 2);
        assertThat(JpegComment.read(out, length)).isEqualTo(new String(text, StandardCharsets.US_ASCII));
        assertThat(JpegComment.read(original, original.length)).isNull();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(out, 0, length));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(240);
        assertThat(image.getRGB(320 - 24, 24) & 0xFF).isGreaterThan(235); // the lit LED
    }

    @Test
    void refusesWhatIsNotAJpeg() {
        assertThatThrownBy(() -> JpegComment.insert(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), new byte[0], 0, new byte[10]))
                .hasMessageContaining("not a JPEG");
    }
}
