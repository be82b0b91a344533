package drivetape.bench;

import java.util.Locale;

/** A cell as one command-line word for the child JVM: {@code pipeline:camera:WxH:fps:seconds:sync|nosync}. */
final class CellSpec {
    private static final String SYNC = "sync";
    private static final String NO_SYNC = "nosync";

    private CellSpec() {
    }

    static String format(BenchCell cell) {
        return String.join(":", cell.pipeline().name().toLowerCase(Locale.ROOT),
                cell.camera().name().toLowerCase(Locale.ROOT), cell.resolution(), cell.fpsText(),
                Double.toString(cell.seconds()), cell.syncToDevice() ? SYNC : NO_SYNC);
    }

    static BenchCell parse(String text) {
        String[] p = text.split(":");
        if (p.length != 6 || !(p[5].equals(SYNC) || p[5].equals(NO_SYNC))) {
            throw new IllegalArgumentException("bad cell '" + text
                    + "': expected pipeline:camera:WxH:fps:seconds:sync|nosync");
        }
        String[] size = p[2].split("x");
        return new BenchCell(BenchCell.Pipeline.valueOf(p[0].toUpperCase(Locale.ROOT)),
                BenchCell.CameraPath.valueOf(p[1].toUpperCase(Locale.ROOT)), Integer.parseInt(size[0]),
                Integer.parseInt(size[1]), Double.parseDouble(p[3]), Double.parseDouble(p[4]), p[5].equals(SYNC));
    }
}
