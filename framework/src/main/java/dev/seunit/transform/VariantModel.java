package dev.seunit.transform;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.apiguardian.api.API;

import dev.seunit.campaign.GoldenRun;
import dev.seunit.model.InjectableModel;
import dev.seunit.perf.Throughput;

/**
 * A model variant built by {@link Variants} or a {@link PruningSchedule}: a separate Java-built
 * model (its parameters are its own arrays; the model it was built from is never changed) and
 * what building it did: the accuracy it keeps, the pruning and quantization reports, and notes
 * a test report should show. Close it to free its arrays; a variant that changed nothing (the
 * baseline, or a trained model the source supplied) wraps the given block and closes nothing.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class VariantModel implements AutoCloseable {

    /** Where the variant's activation functions come from. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum ActivationSource {
        /** The model as given already uses the variant's activation (or the variant does not vary it). */
        AS_GIVEN,
        /** A model trained with the variant's activation, supplied by the model source. */
        TRAINED,
        /** Swapped into weights trained with another activation, without retraining: check {@link #accuracy()}. */
        SWAPPED
    }

    private final String name;
    private final Variant variant;
    private final Block block;
    private final NDManager manager;
    private double baselineAccuracy = Double.NaN;
    private double accuracy = Double.NaN;
    private String accuracyMetric = "none (no inputs given)";
    private ActivationSource activationSource = ActivationSource.AS_GIVEN;
    private Map<String, ActivationBounds> clipBounds = Map.of();
    private PruningReport pruning;
    private QuantizationReport quantization;
    private final List<String> notes = new ArrayList<>();

    VariantModel(String name, Variant variant, Block block, NDManager manager) {
        this.name = name;
        this.variant = variant;
        this.block = block;
        this.manager = manager;
    }

    /** E.g. {@code cnn[activation=HARD_SIGMOID, pruned=50%, int8]}. */
    public String name() {
        return name;
    }

    public Variant variant() {
        return variant;
    }

    /** The variant model, initialized, ready for {@code InjectableModel.of(name(), block())}. */
    public Block block() {
        return block;
    }

    /** A model under test of the variant; the caller closes it (before closing this). */
    public InjectableModel injectableModel() {
        return InjectableModel.of(name, block);
    }

    /** The variant's accuracy on the inputs it was built with (see {@link #accuracyMetric()}); NaN without inputs. */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The accuracy of the baseline (the model given to {@link Variants}, or to the pruning
     * schedule), on the same inputs and by the same metric.
     */
    public double baselineAccuracy() {
        return baselineAccuracy;
    }

    /** What {@link #accuracy()} measures, e.g. {@code top-1 accuracy against labels}. */
    public String accuracyMetric() {
        return accuracyMetric;
    }

    public ActivationSource activationSource() {
        return activationSource;
    }

    /** The bounds each activation layer is clipped to; empty unless range restriction was asked for. */
    public Map<String, ActivationBounds> clipBounds() {
        return clipBounds;
    }

    public Optional<PruningReport> pruning() {
        return Optional.ofNullable(pruning);
    }

    public Optional<QuantizationReport> quantization() {
        return Optional.ofNullable(quantization);
    }

    /** Things a reader of the test report should know, e.g. that an activation was swapped without retraining. */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** The distribution of the variant's stored parameter values. */
    public ParameterDistribution distribution() {
        return ParameterDistribution.of(block);
    }

    /** Inputs per second (FPS) and median batch latency on {@code inputs}, after {@code warmup} inferences. */
    public Throughput throughput(NDArray inputs, int warmup, int runs) {
        try (InjectableModel model = injectableModel(); GoldenRun golden = GoldenRun.of(model, inputs)) {
            return Throughput.measure(golden, warmup, runs);
        }
    }

    void accuracy(double baseline, double variantAccuracy, String metric) {
        this.baselineAccuracy = baseline;
        this.accuracy = variantAccuracy;
        this.accuracyMetric = metric;
    }

    void activationSource(ActivationSource source) {
        this.activationSource = source;
    }

    void clipBounds(Map<String, ActivationBounds> bounds) {
        this.clipBounds = Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
    }

    void pruning(PruningReport report) {
        this.pruning = report;
    }

    void quantization(QuantizationReport report) {
        this.quantization = report;
    }

    void note(String note) {
        notes.add(note);
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name);
        if (!Double.isNaN(accuracy)) {
            s.append(String.format(Locale.ROOT, ": %s %.4f (baseline %.4f)", accuracyMetric, accuracy, baselineAccuracy));
        }
        if (activationSource == ActivationSource.SWAPPED) {
            s.append(", activation swapped without retraining");
        }
        pruning().ifPresent(p -> s.append("; ").append(p));
        quantization().ifPresent(q -> s.append("; ").append(q));
        return s.toString();
    }
}
