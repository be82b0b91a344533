package drivetape.export.lerobot;

import drivetape.dataset.Aligned;
import drivetape.dataset.EpisodeReadException;
import drivetape.export.ChannelMap;
import drivetape.export.ExportEpisode;
import drivetape.export.ExportOptions;
import drivetape.export.Exporter;
import drivetape.export.lerobot.FrameGrid.Run;
import drivetape.export.lerobot.MetaFiles.EpisodeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A LeRobotDataset v3.0 that {@code LeRobotDataset(repo_id, root=OUT)} loads: the aligned rows of each episode
 * resampled onto a {@code --fps} grid (see {@link FrameGrid}), all episodes' rows in one data Parquet file and
 * their frames in one H.264 MP4, both rolled over to a new file at LeRobot's size limits, plus meta/ with
 * info.json, stats.json, tasks.parquet and the episodes table.
 */
public final class LeRobotExporter implements Exporter {
    private static final long MB = 1024 * 1024;

    @Override
    public String format() {
        return "lerobot";
    }

    /** One run on the grid, with the episode it comes from. */
    private record Planned(ExportEpisode episode, Run run) {
    }

    @Override
    public void export(List<Path> episodeDirs, Path out, ExportOptions options, Progress progress) throws IOException {
        List<ExportEpisode> episodes = ExportEpisode.readAll(episodeDirs, options);
        int fps = fps(episodes, options);
        List<Planned> plan = new ArrayList<>();
        long total = 0;
        for (ExportEpisode episode : episodes) {
            for (Run run : FrameGrid.runs(episode.aligned(), fps)) {
                plan.add(new Planned(episode, run));
                total += run.length();
            }
        }
        if (plan.isEmpty()) {
            throw new EpisodeReadException("no frames to export: the episodes' aligned.csv have no rows");
        }
        progress.total(total);
        new Writing(out, options, fps, progress, episodes.get(0).channels()).write(plan);
    }

    /** --fps, or the camera's rate (rounded: LeRobot's fps is a whole number). */
    static int fps(List<ExportEpisode> episodes, ExportOptions options) throws EpisodeReadException {
        if (options.fps() != null) {
            double fps = options.fps();
            if (!(fps >= 1) || fps != Math.rint(fps) || fps > 1000) {
                throw new EpisodeReadException("--fps must be a whole number of frames per second (1 to 1000) for"
                        + " LeRobot, was " + options.fps());
            }
            return (int) fps;
        }
        TreeSet<Long> rates = new TreeSet<>();
        for (ExportEpisode e : episodes) {
            rates.add(Math.round(e.cameraFps()));
        }
        if (rates.contains(0L)) {
            throw new EpisodeReadException("the episodes' metadata.json do not say the camera's frame rate: give --fps");
        }
        if (rates.size() > 1) {
            throw new EpisodeReadException("the episodes were recorded at different frame rates (" + rates
                    + " fps): give --fps to put them on one grid");
        }
        return rates.first().intValue();
    }

    /** The state of one export while it writes. */
    private static final class Writing {
        private final Path out;
        private final ExportOptions options;
        private final int fps;
        private final Progress progress;
        private final FrameColumns columns;
        private final List<EpisodeEntry> entries = new ArrayList<>();
        private final VideoFile.JpegDecoder decoder = new VideoFile.JpegDecoder();
        private FileIndex dataIndex = FileIndex.FIRST;
        private FileIndex videoIndex = FileIndex.FIRST;
        private ParquetTable data;
        private VideoFile video;
        private long videoFramesBefore;
        private int width;
        private int height;
        private long index;

        Writing(Path out, ExportOptions options, int fps, Progress progress, List<String> channels) {
            this.out = out;
            this.options = options;
            this.fps = fps;
            this.progress = progress;
            this.columns = new FrameColumns(ExportEpisode.DRIVING_CHANNELS, channels);
        }

        void write(List<Planned> plan) throws IOException {
            try {
                for (Planned p : plan) {
                    rollOver();
                    writeRun(p.episode(), p.run());
                }
            } finally {
                if (data != null) {
                    data.close();
                }
                if (video != null) {
                    video.close();
                }
                decoder.close();
            }
            MetaFiles.writeInfo(out, fps, index, entries.size(), columns, MetaFiles.videoFeature(width, height, fps));
            MetaFiles.writeStats(out, entries);
            MetaFiles.writeTasks(out, options.task());
            MetaFiles.writeEpisodes(out, options.task(), entries, columns);
            MetaFiles.writeSources(out, fps, entries);
        }

        /** Between episodes: a new data or video file once the current one has reached LeRobot's limit. */
        private void rollOver() throws IOException {
            if (data != null && data.dataSize() >= LeRobotLayout.DATA_FILES_SIZE_IN_MB * MB) {
                data.close();
                data = null;
                dataIndex = dataIndex.next();
            }
            if (video != null && Files.size(out.resolve(videoIndex.path(LeRobotLayout.VIDEO_PATH)))
                    >= LeRobotLayout.VIDEO_FILES_SIZE_IN_MB * MB) {
                video.close();
                video = null;
                videoIndex = videoIndex.next();
                videoFramesBefore = 0;
            }
            if (data == null) {
                Path file = out.resolve(dataIndex.path(LeRobotLayout.DATA_PATH));
                Files.createDirectories(file.getParent());
                data = ParquetTable.create(file, columns.parquetColumns(), Map.of());
            }
        }

        private void writeRun(ExportEpisode episode, Run run) throws IOException {
            Aligned rows = episode.aligned();
            int[] driving = episode.drivingChannels();
            ChannelMap[] maps = new ChannelMap[driving.length];
            for (int i = 0; i < driving.length; i++) {
                maps[i] = options.map(ExportEpisode.DRIVING_CHANNELS.get(i));
            }
            int episodeIndex = entries.size();
            long fromIndex = index;
            ImageStats imageStats = new ImageStats(run.length());
            float[] mapped = new float[driving.length];
            double[] controls = new double[rows.channels().size()];
            Mat pixels = null;
            int shownRow = -1;
            for (int k = 0; k < run.length(); k++) {
                int row = run.rows()[k];
                if (row != shownRow) {
                    pixels = decode(episode, row);
                    shownRow = row;
                }
                if (video == null) {
                    openVideo(episode, pixels);
                }
                addFrame(episode, row, pixels);
                if (imageStats.wants(k)) {
                    imageStats.add(VideoFile.JpegDecoder.bytes(pixels), pixels.cols(), pixels.rows(),
                            (int) pixels.step());
                }
                for (int i = 0; i < driving.length; i++) {
                    mapped[i] = (float) maps[i].apply(rows.value(driving[i], row));
                }
                for (int c = 0; c < controls.length; c++) {
                    controls[c] = rows.value(c, row);
                }
                data.write(columns.row(mapped, rows.tNs(row), rows.index(row), controls, fps, k, episodeIndex, index));
                index++;
                progress.framesDone(index);
            }
            Map<String, FeatureStats> stats = new LinkedHashMap<>();
            stats.put(LeRobotLayout.VIDEO_KEY, imageStats.stats());
            stats.putAll(columns.finishEpisode());
            double from = (double) videoFramesBefore / fps;
            videoFramesBefore += run.length();
            entries.add(new EpisodeEntry(episodeIndex, run.length(), dataIndex, fromIndex, videoIndex, from,
                    (double) videoFramesBefore / fps, stats, episode.id(), rows.index(run.rows()[0]),
                    rows.index(run.rows()[run.length() - 1]), run.startNs()));
        }

        private Mat decode(ExportEpisode episode, int row) throws IOException {
            try {
                return decoder.decode(episode.frameFile(row));
            } catch (NoSuchFileException e) {
                throw new EpisodeReadException("episode " + episode.id() + ": " + episode.aligned().file(row)
                        + " is missing (aligned.csv lists it): rebuild aligned.csv with drivetape align");
            }
        }

        private void openVideo(ExportEpisode episode, Mat first) throws IOException {
            if (width == 0) {
                width = first.cols();
                height = first.rows();
            }
            video = VideoFile.create(out.resolve(videoIndex.path(LeRobotLayout.VIDEO_PATH)), width, height, fps);
        }

        private void addFrame(ExportEpisode episode, int row, Mat pixels) throws IOException {
            if (pixels.cols() != width || pixels.rows() != height) {
                throw new EpisodeReadException(String.format(Locale.ROOT,
                        "episode %s: %s is %dx%d, the video is %dx%d: export episodes of one camera size together",
                        episode.id(), episode.aligned().file(row), pixels.cols(), pixels.rows(), width, height));
            }
            video.add(pixels);
        }
    }
}
