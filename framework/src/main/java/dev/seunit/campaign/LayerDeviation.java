package dev.seunit.campaign;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * How far one layer's output strayed from golden under a fault.
 *
 * @param elements output elements of the layer (whole batch)
 * @param changed elements not bit-identical to golden
 * @param maxAbsDelta largest finite |faulty - golden|
 * @param nonFinite elements that became NaN or infinite
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record LayerDeviation(String layer, long elements, long changed, double maxAbsDelta, long nonFinite) {

    public double changedShare() {
        return elements == 0 ? 0 : (double) changed / elements;
    }

    /**
     * The largest deviation for people: {@code Inf/NaN} when some value became non-finite
     * ({@link #maxAbsDelta} counts finite values only), {@code 0} when nothing changed.
     */
    public String largestDeviation() {
        if (nonFinite > 0) {
            return "Inf/NaN";
        }
        return changed == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.4g", maxAbsDelta);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%-40s changed %6.2f%%  max|d| %-12s non-finite %d", layer,
                100 * changedShare(), largestDeviation(), nonFinite);
    }
}
