package drivetape.cli;

import picocli.CommandLine;

/** A {@code WIDTHxHEIGHT} frame size from the command line. */
public record Resolution(int width, int height) {

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** Parses "640x480" with a message that says what is accepted. */
    public static final class Converter implements CommandLine.ITypeConverter<Resolution> {
        @Override
        public Resolution convert(String value) {
            String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
            try {
                if (parts.length == 2) {
                    int w = Integer.parseInt(parts[0]);
                    int h = Integer.parseInt(parts[1]);
                    if (w >= 16 && h >= 16 && w <= 7680 && h <= 4320 && w % 2 == 0 && h % 2 == 0) {
                        return new Resolution(w, h);
                    }
                }
            } catch (NumberFormatException ignored) {
                // Falls through to the message below.
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a resolution: use WIDTHxHEIGHT with even sizes from 16x16 to 7680x4320, e.g. 640x480");
        }
    }
}
