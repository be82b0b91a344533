package drivetape.export.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each record's bytes, worked out by hand from the MCAP specification's tables: opcode, uint64 content length,
 * fields little-endian in the order given there, strings/maps/arrays with a uint32 byte length.
 */
class RecordsTest {
    private final RecordBuffer out = new RecordBuffer(16);

    @Test
    void magicIsTheSpecsEightBytes() {
        out.bytes(Records.MAGIC);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal("89 4D 43 41 50 30 0D 0A"));
    }

    @Test
    void header() {
        Records.header(out, "", "dt");
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "01 | 0A00000000000000 | 00000000 | 02000000 6474"));
    }

    @Test
    void schema() {
        Records.schema(out, new Records.Schema(1, "s", "e", new byte[] {1, 2}));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "03 | 1200000000000000 | 0100 | 01000000 73 | 01000000 65 | 02000000 0102"));
    }

    @Test
    void channelWithItsMetadataMap() {
        Records.channel(out, new Records.Channel(1, 2, "/c", "json", new TreeMap<>(Map.of("k", "v"))));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "04 | 2000000000000000 | 0100 | 0200 | 02000000 2F63 | 04000000 6A736F6E"
                        + " | 0A000000 | 01000000 6B | 01000000 76"));
    }

    @Test
    void messageHeaderCountsItsDataInTheLength() {
        Records.messageStart(out, 2, 7, 0x0102030405060708L, 9, 2);
        out.u8(0xAA).u8(0xBB);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "05 | 1800000000000000 | 0200 | 07000000 | 0807060504030201 | 0900000000000000 | AABB"));
    }

    @Test
    void chunkUpToItsRecords() {
        Records.chunkStart(out, 1, 2, 3, 4, "lz4", 5);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "06 | 3000000000000000 | 0100000000000000 | 0200000000000000 | 0300000000000000 | 04000000"
                        + " | 03000000 6C7A34 | 0500000000000000"));
    }

    @Test
    void messageIndexIsAnArrayOfLogTimeAndOffset() {
        Records.messageIndex(out, 3, new long[] {5, 6}, new long[] {0, 40}, 2);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "07 | 2600000000000000 | 0300 | 20000000"
                        + " | 0500000000000000 0000000000000000 | 0600000000000000 2800000000000000"));
    }

    @Test
    void chunkIndex() {
        Records.chunkIndex(out, new Records.ChunkIndex(1, 2, 3, 4, new TreeMap<>(Map.of(1, 5L)), 6, "lz4", 7, 8));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "08 | 4D00000000000000 | 0100000000000000 | 0200000000000000 | 0300000000000000 | 0400000000000000"
                        + " | 0A000000 0100 0500000000000000 | 0600000000000000 | 03000000 6C7A34"
                        + " | 0700000000000000 | 0800000000000000"));
    }

    @Test
    void statistics() {
        Records.statistics(out, new Records.Statistics(10, 3, 3, 1, 2, 100, 200,
                new TreeMap<>(Map.of(1, 4L, 2, 6L))));
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "0B | 4200000000000000 | 0A00000000000000 | 0300 | 03000000 | 00000000 | 01000000 | 02000000"
                        + " | 6400000000000000 | C800000000000000"
                        + " | 14000000 0100 0400000000000000 0200 0600000000000000"));
    }

    @Test
    void metadataAndItsIndex() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("a", "b");
        Records.metadata(out, "m", entries);
        Records.metadataIndex(out, 1, 2, "m");
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "0C | 1300000000000000 | 01000000 6D | 0A000000 01000000 61 01000000 62"
                        + "0D | 1500000000000000 | 0100000000000000 | 0200000000000000 | 01000000 6D"));
    }

    @Test
    void summaryOffsetDataEndAndFooter() {
        Records.summaryOffset(out, Records.SCHEMA, 0x100, 0x20);
        Records.dataEnd(out, 0xDEADBEEFL);
        Records.footerBeforeCrc(out, 0x10, 0x20);
        assertThat(Hex.of(out)).isEqualTo(Hex.normal(
                "0E | 1100000000000000 | 03 | 0001000000000000 | 2000000000000000"
                        + "0F | 0400000000000000 | EFBEADDE"
                        + "02 | 1400000000000000 | 1000000000000000 | 2000000000000000"));
    }
}
