package drivetape.format;

/** A value metadata.json writes as a word (a status, a source): the enum constant and its word, once. */
public interface MetaWord {
    /** The word in metadata.json. */
    String value();

    /** The constant of {@code type} whose word is {@code value}, or null for an unknown word. */
    static <E extends Enum<E> & MetaWord> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.value().equals(value)) {
                return e;
            }
        }
        return null;
    }
}
