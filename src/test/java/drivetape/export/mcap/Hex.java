package drivetape.export.mcap;

import java.util.HexFormat;

/** Bytes written as hex, spaces and '|' allowed between them for reading ("01 | 0A00 0000"). */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
    }

    static String of(RecordBuffer buffer) {
        return HexFormat.of().withUpperCase().formatHex(buffer.toByteArray());
    }

    static String normal(String hex) {
        return hex.replaceAll("[\\s|]", "").toUpperCase();
    }
}
