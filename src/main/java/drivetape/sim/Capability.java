package drivetape.sim;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A host-to-board request the simulated firmware answers, announced in its hello line's {@code caps=}. */
public enum Capability {
    /** {@code ?ping,<n>} is answered with {@code !..,pong,<n>}, stamped when the board read the newline. */
    PING,
    /** {@code ?blink,<count>,<mean_ms>} toggles the calibration LED, each switch an {@code !..,led,0|1}. */
    BLINK;

    /** The name in the hello line and on the command line. */
    public String helloValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code none} (or empty: {@code --caps ""} is how a script says "older firmware"), or names separated
     * by commas, e.g. {@code ping,blink}.
     */
    public static Set<Capability> parseList(String text) {
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        if (text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return caps;
        }
        for (String name : text.split(",", -1)) {
            Capability found = null;
            for (Capability cap : values()) {
                if (cap.helloValue().equalsIgnoreCase(name.trim())) {
                    found = cap;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("caps are none or a list of ping, blink; '" + name
                        + "' is not one");
            }
            caps.add(found);
        }
        return caps;
    }

    /** The hello value, e.g. {@code ping,blink} (in declaration order), or "" for none. */
    public static String helloList(Set<Capability> caps) {
        return caps.stream().sorted().map(Capability::helloValue).collect(Collectors.joining(","));
    }
}
