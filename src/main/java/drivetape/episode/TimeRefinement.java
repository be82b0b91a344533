package drivetape.episode;

import drivetape.camera.FrameFormat;
import drivetape.camera.FrameSources;
import drivetape.dataset.Controls;
import drivetape.dataset.Events;
import drivetape.dataset.Frames;
import drivetape.format.AtomicFile;
import drivetape.format.Columns;
import drivetape.format.EpisodeFiles;
import drivetape.timing.FrameClock;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;

/**
 * Rewrites the t_ns column of a finished episode's controls.csv and events.csv with a better clock mapping
 * (one that has seen the whole episode, so early rows get the benefit of later ones), and of frames.csv
 * with the camera's own frame clock where frames were stamped on arrival. Each file is read with the
 * dataset reader and replaced as a whole: a crash mid-way leaves the original, never half a file.
 */
public final class TimeRefinement {

    /** A row's new t_ns from its position in its file, its device time and its receive time. */
    @FunctionalInterface
    public interface RowTime {
        long tNs(boolean event, int row, long deviceUs, long receiveNs);
    }

    private TimeRefinement() {
    }

    /**
     * Moves the frames of a camera stamped on arrival (an IP camera's stream) onto its steady frame clock
     * ({@link FrameClock}): the network's and the host's varying delays are taken out, as the lower envelope
     * takes them out of the controls. Frames that follow no steady clock keep their times.
     *
     * @return whether frames.csv was rewritten
     */
    public static boolean rewriteFrames(Path episode) throws IOException {
        Frames frames = Frames.read(episode);
        long[] times = new long[frames.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = frames.tNs(i);
        }
        long[] steady = FrameClock.steady(times);
        if (steady == times) {
            return false;
        }
        Path framesFile = episode.resolve(EpisodeFiles.FRAMES);
        AtomicFile.write(framesFile, out -> {
            CsvFile csv = new CsvFile(framesFile, Channels.newChannel(out), Columns.header(Columns.FRAMES));
            for (int i = 0; i < times.length; i++) {
                csv.add(frames.index(i)).add(steady[i]).add(frames.receiveNs(i)).add(frames.bytes(i));
                if (frames.written(i)) {
                    csv.add(frames.file(i));
                } else {
                    csv.addEmpty();
                }
                csv.endRow();
            }
            csv.flush();
        }, true);
        return true;
    }

    /** Whether a camera's frames are stamped on arrival from a network stream: those get {@link #rewriteFrames}. */
    public static boolean framesOnArrival(FrameFormat camera) {
        return !camera.hasDeviceTimestamps() && FrameSources.isStreamUrl(camera.source());
    }

    public static void rewrite(Path episode, RowTime time) throws IOException {
        Controls controls = Controls.read(episode);
        Path controlsFile = episode.resolve(EpisodeFiles.CONTROLS);
        AtomicFile.write(controlsFile, out -> {
            CsvFile csv = new CsvFile(controlsFile, Channels.newChannel(out),
                    Columns.header(Columns.controls(controls.channels())));
            for (int i = 0; i < controls.size(); i++) {
                csv.add(controls.seq(i)).add(controls.deviceUs(i)).add(controls.receiveNs(i))
                        .add(time.tNs(false, i, controls.deviceUs(i), controls.receiveNs(i)));
                for (int c = 0; c < controls.channels().size(); c++) {
                    csv.add(controls.value(c, i));
                }
                csv.endRow();
            }
            csv.flush();
        }, true);
        Events events = Events.read(episode);
        Path eventsFile = episode.resolve(EpisodeFiles.EVENTS);
        AtomicFile.write(eventsFile, out -> {
            CsvFile csv = new CsvFile(eventsFile, Channels.newChannel(out), Columns.header(Columns.EVENTS));
            for (int i = 0; i < events.size(); i++) {
                Events.Event e = events.rows().get(i);
                csv.add(e.seq()).add(e.deviceUs()).add(e.receiveNs())
                        .add(time.tNs(true, i, e.deviceUs(), e.receiveNs())).add(e.name()).add(e.value());
                csv.endRow();
            }
            csv.flush();
        }, true);
    }
}
