package dev.seunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import dev.seunit.campaign.FaultTarget;
import dev.seunit.fault.FaultScenario;
import dev.seunit.junit.testing.Kit;
import dev.seunit.testing.TinyNets;
import dev.seunit.model.ParameterKind;
import dev.seunit.transform.ActivationKind;
import dev.seunit.transform.Precision;
import dev.seunit.fault.FaultModel;

/**
 * Bad input gets a clear error and harms nothing: each row runs a sample test class with one bad
 * input and expects exactly one failure, of the stated type, whose message names the problem and
 * the fix; no test of the sample succeeds and the shared model is unchanged.
 */
class BadInputTableTest {

    /** Never closed during the run: it owns {@link #SHARED}, which every row's model is built on. */
    static final NDManager GLOBAL_MANAGER = NDManager.newBaseManager("PyTorch");
    static final SequentialBlock SHARED = TinyNets.convNet(GLOBAL_MANAGER);

    private static final Class<ExtensionConfigurationException> CONFIG = ExtensionConfigurationException.class;
    private static final Map<String, String> NONE = Map.of();

    static String sharedChecksum() {
        dev.seunit.model.InjectableModel model = dev.seunit.model.InjectableModel.of(SHARED);
        try {
            return model.checksum();
        } finally {
            model.close(); // closes its own manager, not the block
        }
    }

    // ---- sample classes -------------------------------------------------------------------------

    abstract static class ModelOnly {
        @ModelUnderTest
        static Block model() {
            return SHARED;
        }
    }

    abstract static class OnShared extends ModelOnly {
        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }
    }

    static class NoInjections extends OnShared {
        @FaultCampaign(injections = 0)
        void m() {
        }
    }

    static class MarginTooLarge extends OnShared {
        @FaultCampaign(margin = 1.5)
        void m() {
        }
    }

    static class NegativeMargin extends OnShared {
        @FaultCampaign(margin = -0.01)
        void m() {
        }
    }

    static class ConfidenceOne extends OnShared {
        @FaultCampaign(margin = 0.01, confidence = 1.0)
        void m() {
        }
    }

    static class OneBitUpset extends OnShared {
        @FaultCampaign(faultModel = FaultModel.Kind.RANDOM_BITS, bitsPerUpset = 1)
        void m() {
        }
    }

    static class TooWideUpset extends OnShared {
        @FaultCampaign(faultModel = FaultModel.Kind.ADJACENT_BITS, bitsPerUpset = 40)
        void m() {
        }
    }

    static class ToleranceAboveOne extends OnShared {
        @FaultCampaign(criticalShare = 1.5)
        void m() {
        }
    }

    static class NegativeRelativeTolerance extends OnShared {
        @FaultCampaign(task = dev.seunit.campaign.Task.Kind.REGRESSION, regressionTolerance = -1)
        void m() {
        }
    }

    static class NoSuchBit extends OnShared {
        @FaultCampaign(bitList = {3, 40})
        void m() {
        }
    }

    static class NoFaultsPerInference extends OnShared {
        @FaultCampaign(faultsPerInference = 0)
        void m() {
        }
    }

    static class NegativeTimeout extends OnShared {
        @FaultCampaign(timeoutMillis = -5)
        void m() {
        }
    }

    static class BlankLayers extends OnShared {
        @FaultCampaign(layers = "  ")
        void m() {
        }
    }

    static class KindsOnActivations extends OnShared {
        @FaultCampaign(target = FaultTarget.ACTIVATIONS, kinds = ParameterKind.WEIGHT)
        void m() {
        }
    }

    static class ExhaustiveWithMargin extends OnShared {
        @FaultCampaign(exhaustive = true, margin = 0.01)
        void m() {
        }
    }

    static class ExhaustiveMultiFault extends OnShared {
        @FaultCampaign(exhaustive = true, faultsPerInference = 2)
        void m() {
        }
    }

    static class RateAboveOne extends OnShared {
        @FaultCampaign(injections = 5)
        @MaxErrorRate(value = 2)
        void m() {
        }
    }

    static class GateConfidenceZero extends OnShared {
        @FaultCampaign(injections = 5)
        @MaxErrorRate(value = 0.1, confidence = 0)
        void m() {
        }
    }

    static class GateWithoutOutcome extends OnShared {
        @FaultCampaign(injections = 5)
        @MaxErrorRate(value = 0.1, outcome = {})
        void m() {
        }
    }

    static class GateBelowBudget extends OnShared {
        @FaultCampaign(injections = 100)
        @MaxErrorRate(value = 0.1, maxInjections = 50)
        void m() {
        }
    }

    static class GateGrowingAStratifiedPlan extends OnShared {
        @FaultCampaign(margin = 0.2)
        @MaxErrorRate(value = 0.1, maxInjections = 5000)
        void m() {
        }
    }

    static class StrataWithoutMargin extends OnShared {
        @FaultCampaign(injections = 5, strata = dev.seunit.campaign.Strata.LAYER_AND_BIT)
        void m() {
        }
    }

    static class NoTries extends OnShared {
        @FaultProperty(tries = 0)
        void p(FaultScenario scenario) {
        }
    }

    static class MoreFaultsThanTheSpace extends OnShared {
        // 2 conv biases x 1 bit = a fault space of 2
        @FaultProperty(tries = 5, layers = TinyNets.CONV_BIAS, bitList = 0, faultsPerScenario = 3)
        void p(FaultScenario scenario) {
        }
    }

    static class NegativeShrinkSteps extends OnShared {
        @FaultProperty(maxShrinkSteps = -1)
        void p(FaultScenario scenario) {
        }
    }

    static class OverPruned extends OnShared {
        @FaultCampaign(injections = 5)
        @Pruned(150)
        void m() {
        }
    }

    static class PrunedTwice extends OnShared {
        @FaultCampaign(injections = 5)
        @Pruned({10, 10})
        void m() {
        }
    }

    static class ActivationTwice extends OnShared {
        @FaultCampaign(injections = 5)
        @BoundedActivation({ActivationKind.RELU, ActivationKind.RELU})
        void m() {
        }
    }

    static class NoActivation extends OnShared {
        @FaultCampaign(injections = 5)
        @BoundedActivation({})
        void m() {
        }
    }

    static class PrecisionTwice extends OnShared {
        @FaultCampaign(injections = 5)
        @Quantized({Precision.INT8, Precision.INT8})
        void m() {
        }
    }

    static class CampaignAndProperty extends OnShared {
        @FaultCampaign(injections = 5)
        @FaultProperty(tries = 5)
        void m(FaultScenario scenario) {
        }
    }

    static class UnknownLayer extends OnShared {
        @FaultCampaign(layers = "enc9*", injections = 5)
        void m() {
        }
    }

    static class InvalidRegex extends OnShared {
        @FaultCampaign(layers = "regex:conv[", injections = 5)
        void m() {
        }
    }

    static class MissingKind extends OnShared {
        @FaultCampaign(kinds = ParameterKind.BN_GAMMA, injections = 5)
        void m() {
        }
    }

    static class UnknownActivationLayer extends OnShared {
        @FaultCampaign(target = FaultTarget.ACTIVATIONS, layers = "enc*", injections = 5)
        void m() {
        }
    }

    static class TorchScriptActivations {
        @ModelUnderTest
        static String model() {
            return "torchscript/tiny_cnn.pt";
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 8, 8));
        }

        @FaultCampaign(target = FaultTarget.ACTIVATIONS, injections = 5)
        void m() {
        }
    }

    static class MissingTorchScript {
        @ModelUnderTest
        static String model() {
            return "torchscript/no_such_model.pt";
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 8, 8));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class CorruptTorchScript {
        @ModelUnderTest
        static Path model() throws IOException {
            Path file = Files.createTempFile("seunit-corrupt", ".pt");
            file.toFile().deleteOnExit();
            Files.writeString(file, "this is not a TorchScript archive\n", StandardCharsets.UTF_8);
            return file;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 8, 8));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class CorruptOnnx {
        @ModelUnderTest
        static Path model() throws IOException {
            Path file = Files.createTempFile("seunit-corrupt", ".onnx");
            file.toFile().deleteOnExit();
            Files.writeString(file, "this is not an ONNX model\n", StandardCharsets.UTF_8);
            return file;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 8, 8));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    /** onnx/mlp.onnx: the framework's zoo MLP (make_zoo.py), input (N, 1, 8, 8). */
    static class OnnxInputsOfTheWrongShape {
        @ModelUnderTest
        static String model() {
            return "onnx/mlp.onnx";
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 9, 9));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class NullModel {
        @ModelUnderTest
        static Block model() {
            return null;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class WrongModelType {
        @ModelUnderTest
        static Object model() {
            return 42;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class ModelSourceWithUnknownParameter {
        @ModelUnderTest
        static Block model(String name) {
            return SHARED;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class TwoModels extends OnShared {
        @ModelUnderTest
        static final Block OTHER = SHARED;

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class NoInputs extends ModelOnly {
        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class NullInputs extends ModelOnly {
        @InputsUnderTest
        static NDArray inputs() {
            return null;
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class NoMaxInputs extends ModelOnly {
        @InputsUnderTest(maxInputs = 0)
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class WrongInputShape extends ModelOnly {
        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.zeros(new Shape(4, 3, 6, 6));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class EmptyInputs extends ModelOnly {
        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.zeros(new Shape(0, 1, 6, 6));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class WrongLabels extends ModelOnly {
        @InputsUnderTest
        static Inputs inputs(NDManager manager) {
            return Inputs.of(TinyNets.inputs(manager), manager.create(new int[] {0, 1, 2}));
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class NanGolden {
        /** A separate block: this row must not touch SHARED. */
        @ModelUnderTest
        static Block model(NDManager manager) {
            SequentialBlock net = TinyNets.convNet(manager);
            net.getParameters().get(TinyNets.CONV_BIAS).getArray().set(new float[] {Float.NaN, -100f});
            return net;
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class Valid extends OnShared {
        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class ValidProperty extends OnShared {
        @FaultProperty(tries = 3)
        void p(FaultScenario scenario) {
        }
    }

    static class FaultParameterOfAMultiFaultScenario extends OnShared {
        @FaultProperty(tries = 3, faultsPerScenario = 2)
        void p(dev.seunit.fault.Fault fault) {
        }
    }

    // ---- bad input that does not fail as ExtensionConfigurationException (the guide says which) ------

    static class RateThresholdInPercent extends OnShared {
        @FaultCampaign(injections = 5)
        void m(dev.seunit.campaign.CampaignResult result) {
            SeunitAssertionsHolder.assertRateAtMost(result, 2); // meant 2%
        }
    }

    /** Keeps the sample above free of an import clash between the two assertThat methods. */
    static final class SeunitAssertionsHolder {
        static void assertRateAtMost(dev.seunit.campaign.CampaignResult result, double threshold) {
            dev.seunit.junit.assertj.SeunitAssertions.assertThat(result)
                    .outcomeRate(dev.seunit.campaign.Outcome.CRITICAL).isAtMost(threshold);
        }
    }

    static class ModelSourceThatThrows {
        @ModelUnderTest
        static Block model() {
            throw new IllegalStateException("no weights at /models/cnn.params");
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return TinyNets.inputs(manager);
        }

        @FaultCampaign(injections = 5)
        void m() {
        }
    }

    static class VariantOfATorchScriptModel {
        @ModelUnderTest
        static String model() {
            return "torchscript/tiny_cnn.pt";
        }

        @InputsUnderTest
        static NDArray inputs(NDManager manager) {
            return manager.ones(new Shape(4, 1, 8, 8));
        }

        @FaultCampaign(injections = 5)
        @Quantized(Precision.INT8)
        void m() {
        }
    }

    // ---- the table ------------------------------------------------------------------------------

    static Arguments row(String description, Class<?> sample, Class<? extends Throwable> type, String... fragments) {
        return rowWith(description, sample, NONE, type, fragments);
    }

    static Arguments rowWith(String description, Class<?> sample, Map<String, String> configuration,
            Class<? extends Throwable> type, String... fragments) {
        return Arguments.of(description, sample, configuration, type, List.of(fragments));
    }

    static String aRegularFile() {
        try {
            Path file = Files.createTempFile("seunit-journal", ".txt");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                row("@FaultCampaign injections 0 (budget 0)", NoInjections.class, CONFIG,
                        "@FaultCampaign(injections = 0)", "must be at least 1"),
                row("@FaultCampaign margin above 1", MarginTooLarge.class, CONFIG,
                        "@FaultCampaign(margin = 1.5)", "must be in (0, 1)", "or 0 to use injections"),
                row("@FaultCampaign negative margin", NegativeMargin.class, CONFIG,
                        "@FaultCampaign(margin = -0.01)", "must be in (0, 1)"),
                row("@FaultCampaign confidence 1", ConfidenceOne.class, CONFIG,
                        "@FaultCampaign(confidence = 1.0)", "must be in (0, 1), e.g. 0.95"),
                row("@FaultCampaign k 1 for RANDOM_BITS", OneBitUpset.class, CONFIG,
                        "@FaultCampaign(bitsPerUpset = 1)", "must be 2 to 32 bits for RANDOM_BITS"),
                row("@FaultCampaign k 40 for ADJACENT_BITS", TooWideUpset.class, CONFIG,
                        "@FaultCampaign(bitsPerUpset = 40)", "must be 2 to 32 bits"),
                row("@FaultCampaign tolerance above 1", ToleranceAboveOne.class, CONFIG,
                        "@FaultCampaign(criticalShare = 1.5)", "must be in [0, 1]"),
                row("@FaultCampaign negative relativeTolerance", NegativeRelativeTolerance.class, CONFIG,
                        "@FaultCampaign(regressionTolerance = -1.0)", "must be >= 0"),
                row("@FaultCampaign bitList beyond bit 31", NoSuchBit.class, CONFIG,
                        "@FaultCampaign(bitList = [3, 40])", "must hold bit positions from 0 (LSB) to 31"),
                row("@FaultCampaign faultsPerInference 0", NoFaultsPerInference.class, CONFIG,
                        "@FaultCampaign(faultsPerInference = 0)", "must be at least 1"),
                row("@FaultCampaign negative timeoutMillis", NegativeTimeout.class, CONFIG,
                        "@FaultCampaign(timeoutMillis = -5)", "must be >= 0 (0: no limit)"),
                row("@FaultCampaign blank layers", BlankLayers.class, CONFIG,
                        "@FaultCampaign(layers = \"  \")", "use \"*\" for all"),
                row("@FaultCampaign kinds with target ACTIVATIONS", KindsOnActivations.class, CONFIG,
                        "@FaultCampaign(kinds = [WEIGHT])", "target = FaultTarget.ACTIVATIONS",
                        "remove kinds or use target = FaultTarget.PARAMETERS"),
                row("@FaultCampaign exhaustive with margin", ExhaustiveWithMargin.class, CONFIG,
                        "@FaultCampaign(exhaustive = true)", "conflicts with margin = 0.01", "keep one"),
                row("@FaultCampaign exhaustive with faultsPerInference 2", ExhaustiveMultiFault.class, CONFIG,
                        "@FaultCampaign(faultsPerInference = 2)", "must be 1 for an exhaustive campaign"),
                row("@MaxErrorRate value above 1", RateAboveOne.class, CONFIG,
                        "@MaxErrorRate(value = 2.0)", "must be in [0, 1]"),
                row("@MaxErrorRate confidence 0", GateConfidenceZero.class, CONFIG,
                        "@MaxErrorRate(confidence = 0.0)", "must be in (0, 1), e.g. 0.95"),
                row("@MaxErrorRate empty outcome", GateWithoutOutcome.class, CONFIG,
                        "@MaxErrorRate(outcome = {})", "must name at least one outcome, e.g. outcome = Outcome.CRITICAL"),
                row("@MaxErrorRate maxInjections below injections", GateBelowBudget.class, CONFIG,
                        "@MaxErrorRate(maxInjections = 50)", "below the campaign's injections = 100",
                        "make it at least 100, or 0"),
                row("@MaxErrorRate maxInjections on a margin budget", GateGrowingAStratifiedPlan.class, CONFIG,
                        "@MaxErrorRate(maxInjections = 5000)", "a fixed sample stratified by LAYER",
                        "remove maxInjections, or use injections"),
                row("@FaultCampaign strata without a margin", StrataWithoutMargin.class, CONFIG,
                        "@FaultCampaign(strata = LAYER_AND_BIT)", "give a margin"),
                row("@FaultProperty tries 0", NoTries.class, CONFIG,
                        "@FaultProperty(tries = 0)", "must be at least 1"),
                row("@FaultProperty faultsPerScenario larger than the fault space", MoreFaultsThanTheSpace.class,
                        CONFIG, "faultsPerScenario = 3", "exceeds the fault space of 2 faults", "use at most 2 or widen layers or bits"),
                row("@FaultProperty negative maxShrinkSteps", NegativeShrinkSteps.class, CONFIG,
                        "@FaultProperty(maxShrinkSteps = -1)", "must be >= 0"),
                row("@Pruned above 99%", OverPruned.class, CONFIG,
                        "@Pruned(value = [150])", "must hold percentages of channels pruned, from 0 (not pruned) to 99"),
                row("@Pruned duplicate percentage", PrunedTwice.class, CONFIG,
                        "@Pruned(value = [10, 10])", "gives a percentage twice", "give each once"),
                row("@BoundedActivation duplicate activation", ActivationTwice.class, CONFIG,
                        "@BoundedActivation(value = [RELU, RELU])", "names an activation twice", "name each once"),
                row("@BoundedActivation empty", NoActivation.class, CONFIG,
                        "@BoundedActivation(value = {})", "must name at least one activation"),
                row("@Quantized duplicate precision", PrecisionTwice.class, CONFIG,
                        "@Quantized(value = [INT8, INT8])", "names a precision twice", "name each once"),
                row("@FaultCampaign and @FaultProperty on one method", CampaignAndProperty.class, CONFIG,
                        "has both @FaultCampaign and @FaultProperty", "keep one"),
                row("layer pattern matching nothing", UnknownLayer.class, CONFIG,
                        "'enc9*' matches no parameter", "01Conv2d_weight, 01Conv2d_bias, 04Linear_weight, 04Linear_bias",
                        "Use a glob"),
                row("invalid regex layer pattern", InvalidRegex.class, CONFIG,
                        "'regex:conv[' is not a valid regular expression", "fix the expression after 'regex:'"),
                row("kinds no selected parameter has", MissingKind.class, CONFIG,
                        "is of kind [BN_GAMMA]", "01Conv2d_weight", "Remove kinds or use one of [WEIGHT, BIAS]"),
                row("activation pattern matching nothing", UnknownActivationLayer.class, CONFIG,
                        "'enc*' matches no layer", "01Conv2d, 02LambdaBlock, 03LambdaBlock, 04Linear", "Use a glob"),
                row("activation target on a TorchScript model", TorchScriptActivations.class, CONFIG,
                        "need a Java-built SequentialBlock", "use target = FaultTarget.PARAMETERS"),
                row("missing TorchScript file", MissingTorchScript.class, CONFIG,
                        "no_such_model.pt does not exist", "pass the path of a .pt file saved with torch.jit.save"),
                row("corrupt TorchScript file", CorruptTorchScript.class, CONFIG,
                        "as TorchScript", "Save the model with torch.jit.save"),
                row("ONNX file that is not ONNX", CorruptOnnx.class, CONFIG,
                        ".onnx is not a readable ONNX model", "Export the model again with torch.onnx.export"),
                row("ONNX model given inputs of the wrong shape", OnnxInputsOfTheWrongShape.class, CONFIG,
                        "@InputsUnderTest", "mlp.onnx expects input 'input' of shape (N, 1, 8, 8)",
                        "but got (4, 1, 9, 9)"),
                row("model source returning null", NullModel.class, CONFIG,
                        "'model' of NullModel returned null", "return a DJL Block"),
                row("model source returning a wrong type", WrongModelType.class, CONFIG,
                        "returned a java.lang.Integer", "return a DJL Block"),
                row("model source with an unsupported parameter", ModelSourceWithUnknownParameter.class, CONFIG,
                        "has a parameter of type String", "may take only a Variant and an NDManager"),
                row("two @ModelUnderTest members", TwoModels.class, CONFIG,
                        "has 2 @ModelUnderTest members", "keep exactly one"),
                row("no @InputsUnderTest", NoInputs.class, CONFIG,
                        "has no @InputsUnderTest method or field", "add one that gives an NDArray"),
                row("inputs source returning null", NullInputs.class, CONFIG,
                        "@InputsUnderTest method 'inputs' of NullInputs returned null", "return an NDArray"),
                row("@InputsUnderTest maxInputs 0", NoMaxInputs.class, CONFIG,
                        "@InputsUnderTest(maxInputs = 0)", "must be at least 1"),
                row("inputs of the wrong shape", WrongInputShape.class, CONFIG,
                        "inputs of shape (4, 3, 6, 6)", "Check that the inputs have the shape and type the model expects"),
                row("empty inputs (batch 0)", EmptyInputs.class, CONFIG,
                        "the inputs are empty", "give at least one input"),
                row("labels of the wrong length", WrongLabels.class, CONFIG,
                        "the labels hold 3 values", "makes 4 predictions", "give one label per input"),
                row("NaN already in the golden output", NanGolden.class, CONFIG,
                        "already produces 12 non-finite values on the golden inputs", "check the weights and the inputs"),
                rowWith("journal directory is a regular file", Valid.class, Map.of("seunit.journal.dir", aRegularFile()),
                        CONFIG, "seunit.journal.dir", "is a file, not a directory", "point seunit.journal.dir at a directory"),
                rowWith("seunit.seed not a number", Valid.class, Map.of("seunit.seed", "forty-two"), CONFIG,
                        "seunit.seed must be a whole number", "got 'forty-two'"),
                rowWith("seunit.budget.scale 0", Valid.class, Map.of("seunit.budget.scale", "0"), CONFIG,
                        "seunit.budget.scale must be a positive number", "got '0'"),
                rowWith("seunit.execution unknown", Valid.class, Map.of("seunit.execution", "turbo"), CONFIG,
                        "seunit.execution must be one of naive, exact, fast", "got 'turbo'"),
                rowWith("seunit.shard out of range", Valid.class, Map.of("seunit.shard", "3/3"), CONFIG,
                        "seunit.shard must be 'i/n' with 0 <= i < n", "got '3/3'"),
                rowWith("seunit.merge.dir missing", Valid.class, Map.of("seunit.merge.dir", "no/such/shards"), CONFIG,
                        "seunit.merge.dir = '", "does not exist", "gather the journal directories of every shard"),
                rowWith("seunit.merge.dir with seunit.shard", Valid.class, Map.of("seunit.merge.dir",
                        System.getProperty("java.io.tmpdir"), "seunit.shard", "1/2"), CONFIG,
                        "seunit.merge.dir merges the records of every shard", "set one of them"),
                rowWith("seunit.fast.lanes not a number", Valid.class, Map.of("seunit.fast.lanes", "abc"), CONFIG,
                        "seunit.fast.lanes must be a whole number of at least 1", "got 'abc'"),
                rowWith("seunit.fast.lanes 0", Valid.class, Map.of("seunit.fast.lanes", "0"), CONFIG,
                        "seunit.fast.lanes must be a whole number of at least 1", "got '0'"),
                rowWith("seunit.fast.checkpoints not a boolean", Valid.class, Map.of("seunit.fast.checkpoints", "off"),
                        CONFIG, "seunit.fast.checkpoints must be true or false", "got 'off'"),
                rowWith("seunit.journal.fresh not a boolean", Valid.class, Map.of("seunit.journal.fresh", "maybe"),
                        CONFIG, "seunit.journal.fresh must be true or false", "got 'maybe'"),
                rowWith("bad configuration fails a property too", ValidProperty.class, Map.of("seunit.shard", "1/0"),
                        CONFIG, "seunit.shard must be 'i/n'", "got '1/0'"),
                row("variant of a TorchScript model source that takes no Variant", VariantOfATorchScriptModel.class,
                        CONFIG, "the variant [int8]", "cannot derive variants", "add a 'Variant variant' parameter"),
                row("Fault parameter with faultsPerScenario 2", FaultParameterOfAMultiFaultScenario.class, CONFIG,
                        "@FaultProperty(faultsPerScenario = 2)", "must be 1 for a Fault parameter",
                        "take a FaultScenario"),
                // not configuration errors: a parameter JUnit cannot resolve, an assertion's argument, the user's own code
                row("assertion threshold given in percent", RateThresholdInPercent.class, IllegalArgumentException.class,
                        "a rate threshold is a fraction in [0, 1]", "(for 2% write 0.02)"),
                row("model source that throws", ModelSourceThatThrows.class, IllegalStateException.class,
                        "no weights at /models/cnn.params"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsAClearErrorAndLeavesTheModelUnchanged(String description, Class<?> sample,
            Map<String, String> configuration, Class<? extends Throwable> type, List<String> fragments) {
        String before = sharedChecksum();

        EngineExecutionResults results = Kit.run(sample, configuration);

        List<Event> failures = results.allEvents().failed().list();
        String seen = failures.stream().map(BadInputTableTest::describe).collect(Collectors.joining("\n"));
        assertThat(failures).as("exactly one failure for %s; got:%n%s", description, seen).hasSize(1);
        Throwable failure = throwable(failures.get(0));
        assertThat(failure).as(seen).isInstanceOf(type);
        for (String fragment : fragments) {
            assertThat(failure.getMessage()).as("the message names the problem and the fix").contains(fragment);
        }
        assertThat(results.testEvents().succeeded().count()).as("no test of the sample succeeds").isZero();
        assertThat(sharedChecksum()).as("the shared model is unchanged").isEqualTo(before);
    }

    private static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private static String describe(Event event) {
        Throwable t = throwable(event);
        return "  " + event.getTestDescriptor().getDisplayName() + ": " + t.getClass().getName() + ": " + t.getMessage();
    }
}
