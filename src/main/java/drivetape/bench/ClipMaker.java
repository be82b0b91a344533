package drivetape.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ422P;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Pre-encoded MJPEG clips, which replayed in real time stand in for a USB webcam: JPEG bytes at a fixed
 * rate, stored by the recorder byte for byte. The moving test pattern gets light sensor-like noise so the
 * JPEGs are about as big as a webcam's (a flat synthetic picture would compress to a fraction of that).
 * Clips are cached by size, rate and length, so repeated runs do not pay for encoding them again.
 */
final class ClipMaker {
    /** FFmpeg's MJPEG qscale: 2 (best) .. 31; 4 is in the range webcams send. */
    private static final int QSCALE = 4;
    private static final String VERSION = "v1";

    private ClipMaker() {
    }

    /** The clip for these settings in {@code cache}, made now if it is not there yet. */
    static Path clip(Path cache, int width, int height, double fps, double seconds) throws IOException {
        Files.createDirectories(cache);
        long frames = (long) Math.ceil(fps * seconds);
        Path clip = cache.resolve(String.format(Locale.ROOT, "mjpeg-%dx%d-%s-%dframes-%s.avi", width, height,
                fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps), frames, VERSION));
        if (Files.isRegularFile(clip)) {
            return clip;
        }
        Path partial = cache.resolve(clip.getFileName() + ".part");
        try {
            write(partial, width, height, fps, frames);
        } catch (org.bytedeco.javacv.FrameGrabber.Exception | org.bytedeco.javacv.FrameRecorder.Exception e) {
            Files.deleteIfExists(partial);
            throw new IOException("cannot make the MJPEG clip " + clip.getFileName() + ": " + e.getMessage(), e);
        }
        Files.move(partial, clip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return clip;
    }

    private static void write(Path file, int width, int height, double fps, long frames)
            throws org.bytedeco.javacv.FrameGrabber.Exception, org.bytedeco.javacv.FrameRecorder.Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        String rate = fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
        try (FFmpegFrameGrabber pattern = new FFmpegFrameGrabber("testsrc2=size=" + width + "x" + height
                + ":rate=" + rate + ",noise=alls=12:allf=t");
             FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, height)) {
            pattern.setFormat("lavfi");
            pattern.setPixelFormat(AV_PIX_FMT_BGR24);
            pattern.start();
            recorder.setFormat("avi");
            recorder.setVideoCodec(AV_CODEC_ID_MJPEG);
            // 4:2:2 like most UVC webcams' MJPEG.
            recorder.setPixelFormat(AV_PIX_FMT_YUVJ422P);
            recorder.setFrameRate(fps);
            recorder.setVideoQuality(QSCALE);
            recorder.start();
            for (long i = 0; i < frames; i++) {
                Frame frame = pattern.grabImage();
                if (frame == null) {
                    break;
                }
                recorder.record(frame);
            }
            recorder.stop();
            pattern.stop();
        }
    }
}
