package drivetape.format;

/** CSV quoting as the episode's files use it (RFC 4180: quote a field holding a comma, quote or line break). */
public final class CsvText {
    private CsvText() {
    }

    public static boolean needsQuotes(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    public static String quoted(String text) {
        return needsQuotes(text) ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
