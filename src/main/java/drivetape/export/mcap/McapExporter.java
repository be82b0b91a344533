package drivetape.export.mcap;

import drivetape.dataset.Controls;
import drivetape.dataset.Episode;
import drivetape.dataset.EpisodeReadException;
import drivetape.dataset.Events;
import drivetape.dataset.Excluded;
import drivetape.dataset.Frames;
import drivetape.export.ExportOptions;
import drivetape.export.Exporter;
import drivetape.format.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * {@code --format mcap}: one {@code <episode-id>.mcap} per episode, for Foxglove and the ROS tools. Channels:
 * {@code /camera} (foxglove.CompressedImage, protobuf: the JPEG bytes unchanged), {@code /controls} and
 * {@code /events} (JSON); metadata.json as the Metadata record "drivetape.episode". Every message has
 * log_time = t_ns and publish_time = receive_ns and the messages go in log-time order.
 *
 * <p>The camera channel has every written frame that is not excluded, including those aligned.csv leaves out
 * for want of a control sample nearby: a viewer should show what the camera saw, gaps in the controls
 * included. Every controls.csv and events.csv row becomes a message.
 */
public final class McapExporter implements Exporter {
    public static final String FORMAT = "mcap";
    public static final String EXTENSION = ".mcap";
    public static final String METADATA_NAME = "drivetape.episode";
    public static final String CAMERA_TOPIC = "/camera";
    public static final String CONTROLS_TOPIC = "/controls";
    public static final String EVENTS_TOPIC = "/events";
    /** The camera's frame of reference, CompressedImage's frame_id. */
    public static final String FRAME_ID = "camera";
    /** Uncompressed bytes per chunk: about 2 s of 640x360 JPEGs, what Foxglove reads to show one moment. */
    static final int DEFAULT_CHUNK_SIZE = 2 << 20;

    static final int IMAGE_SCHEMA = 1;
    static final int CONTROLS_SCHEMA = 2;
    static final int EVENTS_SCHEMA = 3;
    static final int CAMERA_CHANNEL = 1;
    static final int CONTROLS_CHANNEL = 2;
    static final int EVENTS_CHANNEL = 3;

    private static final String LIBRARY = "drivetape";

    private final int chunkSize;

    public McapExporter() {
        this(DEFAULT_CHUNK_SIZE);
    }

    /** With another chunk size (tests make many small chunks from a small episode). */
    McapExporter(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public void export(List<Path> episodes, Path out, ExportOptions options, Progress progress) throws IOException {
        long[] framesDone = {0};
        for (Path episode : episodes) {
            Path id = episode.toAbsolutePath().normalize().getFileName();
            Path target = out.resolve(id + EXTENSION);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "two episodes are named " + id + ": export them into separate folders");
            }
            exportOne(episode, target, options, () -> progress.framesDone(++framesDone[0]));
        }
    }

    /** Writes one episode's file; {@code frameDone} runs after every frame written. */
    void exportOne(Path directory, Path target, ExportOptions options, Runnable frameDone) throws IOException {
        Episode episode = Episode.read(directory);
        Events events = Events.read(directory);
        Excluded excluded = Excluded.read(directory);
        AtomicFile.write(target, out -> write(episode, events, excluded, options, out, frameDone), false);
    }

    private void write(Episode episode, Events events, Excluded excluded, ExportOptions options, OutputStream out,
                       Runnable frameDone) throws IOException {
        Controls controls = episode.controls();
        Frames frames = episode.frames();
        ControlMessages controlMessages = new ControlMessages(controls.channels(), options);

        McapWriter writer = new McapWriter(out, LIBRARY, chunkSize);
        writer.schema(new Records.Schema(IMAGE_SCHEMA, CompressedImageProto.SCHEMA_NAME,
                CompressedImageProto.ENCODING, CompressedImageProto.descriptorSet()));
        writer.schema(new Records.Schema(CONTROLS_SCHEMA, ControlMessages.SCHEMA_NAME, "jsonschema",
                controlMessages.schema()));
        writer.schema(new Records.Schema(EVENTS_SCHEMA, EventMessages.SCHEMA_NAME, "jsonschema",
                EventMessages.schema()));
        writer.channel(new Records.Channel(CAMERA_CHANNEL, IMAGE_SCHEMA, CAMERA_TOPIC,
                CompressedImageProto.ENCODING, new TreeMap<>()));
        writer.channel(new Records.Channel(CONTROLS_CHANNEL, CONTROLS_SCHEMA, CONTROLS_TOPIC, "json",
                controlMessages.channelMetadata()));
        writer.channel(new Records.Channel(EVENTS_CHANNEL, EVENTS_SCHEMA, EVENTS_TOPIC, "json", new TreeMap<>()));
        writer.metadata(METADATA_NAME, FlatMetadata.of(episode.metadata()));

        int[] frameOrder = IntStream.range(0, frames.size())
                .filter(i -> frames.written(i) && !excluded.contains(frames.index(i)))
                .boxed().sorted(Comparator.comparingLong(frames::tNs)).mapToInt(Integer::intValue).toArray();
        int[] controlOrder = controls.orderByTime();
        List<Events.Event> eventOrder = new ArrayList<>(events.rows());
        eventOrder.sort(Comparator.comparingLong(Events.Event::tNs));

        FrameWriter frameWriter = new FrameWriter(episode.directory(), writer);
        RecordBuffer message = new RecordBuffer(4096);
        int f = 0;
        int c = 0;
        int e = 0;
        while (f < frameOrder.length || c < controlOrder.length || e < eventOrder.size()) {
            long ft = f < frameOrder.length ? frames.tNs(frameOrder[f]) : Long.MAX_VALUE;
            long ct = c < controlOrder.length ? controls.tNs(controlOrder[c]) : Long.MAX_VALUE;
            long et = e < eventOrder.size() ? eventOrder.get(e).tNs() : Long.MAX_VALUE;
            if (c < controlOrder.length && ct <= ft && ct <= et) {
                int row = controlOrder[c++];
                message.reset();
                controlMessages.write(message, controls, row);
                writer.message(CONTROLS_CHANNEL, controls.seq(row), ct, controls.receiveNs(row), message);
            } else if (f < frameOrder.length && ft <= et) {
                int row = frameOrder[f++];
                frameWriter.write(frames.index(row), ft, frames.receiveNs(row), frames.file(row));
                frameDone.run();
            } else {
                Events.Event event = eventOrder.get(e++);
                message.reset();
                EventMessages.write(message, event);
                writer.message(EVENTS_CHANNEL, event.seq(), et, event.receiveNs(), message);
            }
        }
        writer.finish();
    }

    /** A frame's message: CompressedImage's fields, then the JPEG read from its file into the chunk. */
    private static final class FrameWriter {
        private final Path directory;
        private final McapWriter writer;
        private final RecordBuffer prefix = new RecordBuffer(64);

        FrameWriter(Path directory, McapWriter writer) {
            this.directory = directory.toAbsolutePath().normalize();
            this.writer = writer;
        }

        void write(long index, long tNs, long receiveNs, String file) throws IOException {
            Path path = directory.resolve(file).normalize();
            if (!path.startsWith(directory)) {
                throw new EpisodeReadException("frames.csv: frame " + index + "'s file " + file
                        + " is outside the episode directory");
            }
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size > Integer.MAX_VALUE / 2) {
                    throw new EpisodeReadException(file + " is " + size + " bytes: too big for a frame");
                }
                prefix.reset();
                CompressedImageProto.writeBeforeData(prefix, tNs, FRAME_ID, "jpeg", (int) size);
                writer.beginMessage(CAMERA_CHANNEL, index, tNs, receiveNs, prefix.size() + (int) size)
                        .bytes(prefix.array(), 0, prefix.size())
                        .bytes(channel, (int) size);
                writer.endMessage();
            } catch (NoSuchFileException ex) {
                throw new EpisodeReadException("frames.csv lists " + file + " (frame " + index
                        + ") but the file is missing: exclude the frame (excluded.json) or restore the file");
            }
        }
    }
}
