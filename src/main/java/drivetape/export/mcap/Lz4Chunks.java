package drivetape.export.mcap;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Compresses a chunk's records as one LZ4 frame, MCAP's "lz4" compression (Foxglove and the mcap tools
 * decompress it). 64 KB independent blocks: LZ4 looks back at most 64 KB anyway, so larger blocks would
 * gain almost nothing and cost memory. No content checksum: the Chunk record carries the CRC32 of the
 * uncompressed records.
 */
final class Lz4Chunks {
    static final String NAME = "lz4";

    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private final XXHash32 hash = XXHashFactory.fastestInstance().hash32();

    /** Appends {@code records} compressed to {@code out}. */
    void compress(RecordBuffer records, RecordBuffer out) throws IOException {
        OutputStream sink = out.asOutputStream();
        try (LZ4FrameOutputStream frame = new LZ4FrameOutputStream(sink, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                records.size(), compressor, hash, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
            frame.write(records.array(), 0, records.size());
        }
    }
}
