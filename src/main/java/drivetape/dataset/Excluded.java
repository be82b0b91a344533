package drivetape.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import drivetape.format.AtomicFile;
import drivetape.format.EpisodeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * excluded.json: inclusive ranges of frame indexes a person marked as not for training. A soft delete:
 * aligned.csv and every export leave those frames out; removing a range restores them. Ranges may overlap
 * in a file written by another tool; this class keeps them sorted and merges what overlaps or touches.
 */
public final class Excluded {
    /** An inclusive range of frame indexes. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("a range is first <= last, both >= 0: was " + first + ".." + last);
            }
        }

        public long size() {
            return last - first + 1;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final Excluded NONE = new Excluded(List.of());

    private final List<Range> ranges;

    private Excluded(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static Excluded of(List<Range> ranges) {
        return new Excluded(normalise(ranges));
    }

    /** Reads {@code episodeDir/excluded.json}; none when the file does not exist. */
    public static Excluded read(Path episodeDir) throws IOException {
        Path file = episodeDir.resolve(EpisodeFiles.EXCLUDED);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new EpisodeReadException(EpisodeFiles.EXCLUDED + ": not valid JSON: "
                    + e.getOriginalMessage().replace('\n', ' '));
        }
        JsonNode frames = root == null ? null : root.get("frames");
        if (frames == null || !frames.isArray()) {
            throw new EpisodeReadException(EpisodeFiles.EXCLUDED + ": expected {\"frames\": [[first, last], ...]}");
        }
        List<Range> ranges = new ArrayList<>();
        for (JsonNode pair : frames) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToLong() || !pair.get(1).canConvertToLong()
                    || !pair.get(0).isIntegralNumber() || !pair.get(1).isIntegralNumber()
                    || pair.get(0).asLong() < 0 || pair.get(1).asLong() < pair.get(0).asLong()) {
                throw new EpisodeReadException(EpisodeFiles.EXCLUDED + ": " + pair
                        + " is not a range [first, last] of frame indexes with first <= last");
            }
            ranges.add(new Range(pair.get(0).asLong(), pair.get(1).asLong()));
        }
        return of(ranges);
    }

    /** Writes {@code episodeDir/excluded.json} atomically (temp file, then rename). */
    public void write(Path episodeDir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode frames = root.putArray("frames");
        for (Range r : ranges) {
            frames.addArray().add(r.first()).add(r.last());
        }
        AtomicFile.write(episodeDir.resolve(EpisodeFiles.EXCLUDED), JSON.writeValueAsBytes(root), true);
    }

    public List<Range> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the frame with this index is excluded. */
    public boolean contains(long frameIndex) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = ranges.get(mid);
            if (frameIndex < r.first()) {
                hi = mid - 1;
            } else if (frameIndex > r.last()) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** These ranges plus {@code first..last}. */
    public Excluded plus(long first, long last) {
        List<Range> all = new ArrayList<>(ranges);
        all.add(new Range(first, last));
        return of(all);
    }

    /** These ranges with {@code first..last} restored (ranges split where needed). */
    public Excluded minus(long first, long last) {
        Range cut = new Range(first, last);
        List<Range> left = new ArrayList<>();
        for (Range r : ranges) {
            if (r.last() < cut.first() || r.first() > cut.last()) {
                left.add(r);
                continue;
            }
            if (r.first() < cut.first()) {
                left.add(new Range(r.first(), cut.first() - 1));
            }
            if (r.last() > cut.last()) {
                left.add(new Range(cut.last() + 1, r.last()));
            }
        }
        return of(left);
    }

    /** Frames covered by the ranges. */
    public long frameCount() {
        long n = 0;
        for (Range r : ranges) {
            n += r.size();
        }
        return n;
    }

    private static List<Range> normalise(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first).thenComparingLong(Range::last));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            Range last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new Range(last.first(), Math.max(last.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
