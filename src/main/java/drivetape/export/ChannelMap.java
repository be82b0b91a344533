package drivetape.export;

/**
 * A channel's pulse width (microseconds) onto -1..+1, linear on each side of the centre and clamped:
 * low -> -1, centre -> 0, high -> +1 (DonkeyCar's RC convention is 1000:1500:2000). A reversed channel has
 * low above high ({@code --map steering=2000:1500:1000}).
 */
public record ChannelMap(double low, double centre, double high) {
    public static final ChannelMap RC_DEFAULT = new ChannelMap(1000, 1500, 2000);

    public ChannelMap {
        boolean rising = low < centre && centre < high;
        boolean falling = low > centre && centre > high;
        if (!rising && !falling) {
            throw new IllegalArgumentException("the centre must lie strictly between low and high, was "
                    + low + ":" + centre + ":" + high);
        }
    }

    /** -1..+1 for a pulse width in microseconds. */
    public double apply(double us) {
        double fromCentre = us - centre;
        boolean towardHigh = fromCentre * (high - centre) >= 0;
        double v = towardHigh ? fromCentre / (high - centre) : -fromCentre / (low - centre);
        return Math.max(-1.0, Math.min(1.0, v));
    }
}
