package drivetape.serial;

import static drivetape.serial.ProtocolLines.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

    /** Records what the assembler hands on; "<OVERLONG>" for an overlong line. */
    private static final class Recorder implements LineHandler {
        final List<String> lines = new ArrayList<>();

        @Override
        public void onLine(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onOverlong() {
            lines.add("<OVERLONG>");
        }
    }

    private final Recorder recorder = new Recorder();

    private void feed(LineAssembler assembler, String... chunks) {
        for (String chunk : chunks) {
            byte[] b = bytes("[" + chunk + "]");
            // Fed from an offset to check that the assembler honours it.
            assembler.accept(b, 1, b.length - 2, recorder);
        }
    }

    @Test
    void splitsLinesWithinAndAcrossChunks() {
        LineAssembler assembler = new LineAssembler(false);
        feed(assembler, "$1,2,3*00\n$4,5", ",6*00\r\n#in", "fo", "\n\n!7,8,x*00\n", "$9");
        assertThat(recorder.lines).containsExactly("$1,2,3*00", "$4,5,6*00\r", "#info", "", "!7,8,x*00");
        feed(assembler, ",10*00\n");
        assertThat(recorder.lines).last().isEqualTo("$9,10*00");
    }

    @Test
    void anyChunkingGivesTheSameLines() {
        String stream = "#hello channels=a,b\n$1,2,3,4*00\r\n\ngarbage\n" + "x".repeat(300) + "\n$5,6,7,8*00\n";
        LineAssembler whole = new LineAssembler(false);
        Recorder expected = new Recorder();
        byte[] all = bytes(stream);
        whole.accept(all, 0, all.length, expected);
        assertThat(expected.lines).containsExactly(
                "#hello channels=a,b", "$1,2,3,4*00\r", "", "garbage", "<OVERLONG>", "$5,6,7,8*00");

        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            LineAssembler assembler = new LineAssembler(false);
            Recorder chunked = new Recorder();
            int i = 0;
            while (i < all.length) {
                int n = Math.min(all.length - i, 1 + random.nextInt(40));
                assembler.accept(all, i, n, chunked);
                i += n;
            }
            assertThat(chunked.lines).isEqualTo(expected.lines);
        }
    }

    @Test
    void overlongLineIsReportedOnceAndResyncsAtTheNextNewline() {
        LineAssembler assembler = new LineAssembler(false);
        String noise = "y".repeat(100);
        feed(assembler, noise, noise, noise, noise, "\n#next\n");
        assertThat(recorder.lines).containsExactly("<OVERLONG>", "#next");
    }

    @Test
    void limitIs120BytesPlusAnOptionalCarriageReturn() {
        String line120 = "#" + "z".repeat(119);
        LineAssembler assembler = new LineAssembler(false);
        // In one chunk, and split so that the held-over buffer path is used too.
        feed(assembler, line120 + "\n", line120.substring(0, 60), line120.substring(60) + "\r", "\n");
        feed(assembler, line120 + "z\n", line120.substring(0, 60), line120.substring(60) + "z", "\n");
        feed(assembler, line120.substring(0, 60), line120.substring(60) + "zz", "\r\n#ok\n");
        assertThat(recorder.lines).containsExactly(
                line120, line120 + "\r", "<OVERLONG>", "<OVERLONG>", "<OVERLONG>", "#ok");
    }

    @Test
    void firstPartialLineIsDropped() {
        LineAssembler assembler = new LineAssembler(true);
        feed(assembler, "00,1500*3B\n$2,3,4*00\n");
        assertThat(recorder.lines).containsExactly("$2,3,4*00");
    }

    @Test
    void firstPartialLineIsDroppedEvenWhenItSpansChunks() {
        LineAssembler assembler = new LineAssembler(true);
        feed(assembler, "", "\u0000\u00f0boot", "loader noise", " more\n#hello", " channels=a\n");
        assertThat(recorder.lines).containsExactly("#hello channels=a");
    }

    @Test
    void firstLineStartingWithARecordMarkerIsKept() {
        // Opening the port before the firmware speaks must not lose its hello line.
        for (String first : new String[] {"#hello channels=a", "$1,2,3*00", "!1,2,x*00"}) {
            Recorder r = new Recorder();
            LineAssembler assembler = new LineAssembler(true);
            byte[] b = bytes(first + "\n#second\n");
            assembler.accept(b, 0, b.length, r);
            assertThat(r.lines).containsExactly(first, "#second");
        }
    }

    @Test
    void withoutDiscardTheFirstLineIsKept() {
        LineAssembler assembler = new LineAssembler(false);
        feed(assembler, "tail*3B\n#next\n");
        assertThat(recorder.lines).containsExactly("tail*3B", "#next");
    }
}
