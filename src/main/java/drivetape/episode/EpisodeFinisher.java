package drivetape.episode;

import drivetape.align.AlignCounts;
import drivetape.align.AlignedTable;
import drivetape.dataset.Controls;
import drivetape.dataset.EpisodeTimes;
import drivetape.dataset.Frames;
import drivetape.format.EpisodeStatus;
import drivetape.runner.Agent;
import drivetape.timing.ClockFit;
import drivetape.timing.SegmentTimeMapping;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The thread {@code drivetape-finish}: turns closed episodes into finished ones, off the recording path
 * (an hour's controls.csv takes seconds to rewrite): control times refined with the final clock mapping,
 * aligned.csv, the final metadata.json from the files, the lock released.
 */
public final class EpisodeFinisher implements Agent {
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    private final Consumer<EpisodeResult> onFinished;
    private volatile int pending;

    /** A closed episode and the clock fit to report for it. */
    record Job(ClosedEpisode episode, ClockFit fit) {
    }

    /** @param onFinished told of each finished episode, on this thread */
    public EpisodeFinisher(Consumer<EpisodeResult> onFinished) {
        this.onFinished = onFinished;
    }

    @Override
    public String name() {
        return "drivetape-finish";
    }

    void submit(ClosedEpisode episode, ClockFit fit) {
        pending++;
        jobs.add(new Job(episode, fit));
    }

    /** Episodes handed over and not finished yet. */
    public int pending() {
        return pending;
    }

    @Override
    public int doWork() throws InterruptedException {
        Job job = jobs.poll(100, TimeUnit.MILLISECONDS);
        if (job == null) {
            return 0;
        }
        try {
            onFinished.accept(finish(job.episode(), job.fit()));
        } finally {
            pending--;
        }
        return 1;
    }

    /** Runs what is left when the runner stops, so no episode is left unfinished. */
    @Override
    public void onClose() {
        Job job;
        while ((job = jobs.poll()) != null) {
            try {
                onFinished.accept(finish(job.episode(), job.fit()));
            } finally {
                pending--;
            }
        }
    }

    static EpisodeResult finish(ClosedEpisode e, ClockFit fit) {
        EpisodeSpec spec = e.spec();
        EpisodeFeed.End end = e.end();
        String problem = e.problem();
        boolean refined = false;
        if (end.mapping() != null && problem == null) {
            try {
                refine(spec, e.segments(), end.mapping());
                refined = true;
            } catch (IOException | RuntimeException failure) {
                // The times from recording stay: good, only not the best. Not a reason to call it broken.
            }
        }
        EpisodeFigures.Aligned aligned;
        try {
            AlignCounts counts = AlignedTable.write(spec.directory());
            aligned = new EpisodeFigures.Aligned(counts, null);
        } catch (IOException e2) {
            // The episode is whole without it; `drivetape align` rebuilds it. Said in the metadata.
            aligned = new EpisodeFigures.Aligned(null, e2.getMessage());
        }
        EpisodeStatus status = problem != null && end.status() == EpisodeStatus.COMPLETE
                ? EpisodeStatus.INTERRUPTED : end.status();
        EpisodeTimes files = fromFiles(spec);
        EpisodeFigures figures = new EpisodeFigures(status, spec.timeBase().secondsSinceStart(end.endNanoTime()),
                e.controller(), e.controls(), e.frames(), files.controlIntervals(), files.frameIntervals(), files.sync(),
                new EpisodeFigures.Clock(fit, refined, files.lateControls()), e.framePipelineLatency(), aligned,
                e.outages(), problem, null);
        try {
            new MetadataFile(spec).write(figures, spec.timeBase().toEpochNs(end.endNanoTime()), true);
        } catch (IOException failure) {
            // Disk full even after the reserve was freed: the live metadata (status recording) stays, and
            // the next start recovers the episode.
        }
        e.lock().releaseAndDelete(spec.directory());
        return new EpisodeResult(spec.directory(), figures, end.reason());
    }

    private static void refine(EpisodeSpec spec, ControlTable.Segments segments, SegmentTimeMapping mapping)
            throws IOException {
        TimeRefinement.rewrite(spec.directory(), (event, row, deviceUs, receiveNs) -> mapping.toEpisodeNs(
                (event ? segments.events() : segments.controls()).segmentOf(row), deviceUs));
        if (TimeRefinement.framesOnArrival(spec.camera())) {
            TimeRefinement.rewriteFrames(spec.directory());
        }
    }

    private static EpisodeTimes fromFiles(EpisodeSpec spec) {
        try {
            return EpisodeTimes.of(Controls.read(spec.directory()), Frames.read(spec.directory()));
        } catch (IOException | RuntimeException unreadable) {
            return EpisodeTimes.none();
        }
    }
}
