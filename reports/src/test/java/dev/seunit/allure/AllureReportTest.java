package dev.seunit.allure;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.seunit.allure.testing.AllureRun;
import dev.seunit.allure.testing.SampleStudy;
import dev.seunit.allure.testing.SwappedActivationStudy;

/** Runs a small campaign suite, builds the Allure HTML report and reads what it holds. */
class AllureReportTest {

    static TestExecutionSummary summary;

    @BeforeAll
    static void runSuiteAndBuildReport() throws Exception {
        summary = AllureRun.ensure();
    }

    @Test
    void theSuiteRanItsCampaignsAndProperty() {
        // 2 campaign variants + 6 property tries, and 2 campaign variants SEUnit derived
        assertThat(summary.getTestsSucceededCount()).as(failures()).isEqualTo(10);
        assertThat(summary.getTestsFailedCount()).as(failures()).isZero();
    }

    @Test
    void theReportHoldsEachCampaignVariantWithItsParametersLabelsAndCharts() throws IOException {
        List<JsonObject> cases = testCases();
        List<JsonObject> campaigns = cases.stream()
                .filter(c -> c.get("name").getAsString().startsWith(SampleStudy.CAMPAIGN)).collect(Collectors.toList());
        assertThat(campaigns).extracting(c -> c.get("name").getAsString()).containsExactlyInAnyOrder(
                SampleStudy.CAMPAIGN + " [activation=RELU]", SampleStudy.CAMPAIGN + " [activation=SIGMOID]");
        for (JsonObject c : campaigns) {
            assertThat(c.get("status").getAsString()).isEqualTo("passed");
            assertThat(parameters(c)).containsKeys("variant", "target", "bits", "fault model", "budget", "critical share",
                    "seed");
            assertThat(parameters(c).get("seed")).isEqualTo("11");
            assertThat(labels(c)).contains("epic=Soft-error robustness", "feature=Fault campaigns on parameters");
            List<JsonObject> attachments = attachments(c);
            Set<String> names = attachments.stream().map(a -> a.get("name").getAsString()).collect(Collectors.toSet());
            assertThat(names).contains("Summary (HTML)", "Summary (CSV)", "Outcome rates by bit position",
                    "Outcome rates by layer", "Parameter-magnitude histogram", "Error propagation by layer: most severe fault");
            for (JsonObject a : attachments) {
                Path file = AllureRun.REPORT.resolve("data/attachments").resolve(a.get("source").getAsString());
                assertThat(file).exists();
                if ("image/png".equals(a.get("type").getAsString())) {
                    assertRealChart(file);
                }
            }
        }
        JsonObject sigmoid = campaigns.stream().filter(c -> c.get("name").getAsString().contains("SIGMOID"))
                .findFirst().orElseThrow();
        String csv = Files.readString(source(sigmoid, "Summary (CSV)"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("group,key,count,trials,rate,lower,upper,confidence\n")
                .contains("outcome,MASKED,").contains("gate,CRITICAL|DUE <= 90.00% @ 95%,").contains("bit,30,");
        assertThat(Files.readString(source(sigmoid, "Summary (HTML)"), StandardCharsets.UTF_8))
                .contains("<table>").contains("Clopper-Pearson").contains("PASSED");
    }

    /** A comparison of one variant is a single point on an axis of its own: the first variant has none. */
    @Test
    void chartsAcrossVariantsAppearOnceThereAreTwoVariants() throws IOException {
        List<String> comparisons = List.of("Failure rate across variants", "Robustness vs throughput across variants");
        assertThat(attachmentNames(campaign(SampleStudy.CAMPAIGN + " [activation=RELU]")))
                .doesNotContainAnyElementsOf(comparisons);
        assertThat(attachmentNames(campaign(SampleStudy.CAMPAIGN + " [activation=SIGMOID]"))).containsAll(comparisons);
    }

    @Test
    void layersAreListedInTheNetworksForwardOrder() throws IOException {
        String csv = Files.readString(source(campaign(SampleStudy.CAMPAIGN + " [activation=SIGMOID]"), "Summary (CSV)"),
                StandardCharsets.UTF_8);
        List<String> layerRows = csv.lines().filter(l -> l.startsWith("layer,")).map(l -> l.split(",")[1])
                .collect(Collectors.toList());
        assertThat(layerRows).containsExactly("stem", "classifier"); // not alphabetical: classifier comes second
    }

    /**
     * The propagation table follows the most severe fault of the earliest failing layer (which has
     * the network to cross) beside the most severe overall, and says Inf/NaN where values became
     * non-finite instead of a largest finite deviation of 0.
     */
    @Test
    void thePropagationTableTracesAFaultThatPropagatesAndNamesNonFiniteValues() throws IOException {
        String html = description(campaign(SampleStudy.CAMPAIGN + " [activation=RELU]"));
        assertThat(html).contains("Error propagation: most severe fault in the earliest layer with a failure (stem)")
                .contains("Error propagation: most severe fault</h3>");
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile(
                "<tr><td class=\"k\">([^<]+)</td><td>(\\d+)</td><td>(\\d+)</td><td>([^<]+)</td><td>(\\d+)</td></tr>")
                .matcher(html);
        int nonFiniteRows = 0;
        while (rows.find()) {
            if (Long.parseLong(rows.group(5)) > 0) {
                nonFiniteRows++;
                assertThat(rows.group(4)).as("max |delta| of %s", rows.group(1)).isEqualTo("Inf/NaN");
            }
        }
        assertThat(nonFiniteRows).as("layers with non-finite values in the traced faults").isPositive();
        assertThat(attachmentNames(campaign(SampleStudy.CAMPAIGN + " [activation=RELU]"))).contains(
                "Error propagation by layer: most severe fault in the earliest layer with a failure (stem)",
                "Error propagation by layer: most severe fault");
    }

    /** A swapped activation changes what the network computes: the accuracy left is on the variant's page. */
    @Test
    void aDerivedVariantCarriesItsNotes() throws IOException {
        String html = description(campaign(SwappedActivationStudy.CAMPAIGN + " [activation=SIGMOID]"));
        assertThat(html).contains("<h3>Variant notes</h3>").contains("activation swapped to SIGMOID without retraining: "
                + "agreement with the original model's predictions");
        assertThat(description(campaign(SwappedActivationStudy.CAMPAIGN + " [activation=RELU]")))
                .doesNotContain("Variant notes");
    }

    @Test
    void propertyTriesAreReportedWithTheirScenario() throws IOException {
        List<JsonObject> tries = testCases().stream()
                .filter(c -> labels(c).contains("feature=Property-based fault tests")).collect(Collectors.toList());
        assertThat(tries).hasSize(6);
        assertThat(tries).allSatisfy(t -> assertThat(parameters(t)).containsKeys("scenario", "bits", "seed"));
        assertThat(tries).anySatisfy(t -> assertThat(attachments(t)).extracting(a -> a.get("name").getAsString())
                .contains("Generated scenarios"));
    }

    @Test
    void runLevelFilesAreInTheResultsAndTheReport() throws IOException {
        String env = Files.readString(AllureRun.RESULTS.resolve("environment.properties"), StandardCharsets.ISO_8859_1);
        assertThat(env).contains("DJL = 0.36.0").contains("Engine = PyTorch 2.7.1").contains("PyTorch = 2.7.1")
                .contains("JVM = ").contains("CPU = ");
        String categories = Files.readString(AllureRun.RESULTS.resolve("categories.json"), StandardCharsets.UTF_8);
        assertThat(categories).contains("Robustness threshold breached").contains("Inconclusive campaign")
                .contains("Model DUE").contains("SEUnit framework or configuration error");
        assertThat(AllureRun.RESULTS.resolve("executor.json")).exists();
        String widgetEnv = Files.readString(AllureRun.REPORT.resolve("widgets/environment.json"), StandardCharsets.UTF_8);
        assertThat(widgetEnv).contains("PyTorch");
        assertThat(AllureRun.REPORT.resolve("history/history-trend.json")).exists();
        assertThat(AllureRun.REPORT.resolve("index.html")).exists();
    }

    @Test
    void theRunSummaryGivesRatesWithIntervalsAndVerdictsPerCampaign() throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(AllureRun.SUMMARY, StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertThat(root.getAsJsonObject("totals").get("campaigns").getAsInt()).isEqualTo(4);
        assertThat(root.getAsJsonObject("totals").get("passed").getAsInt()).isEqualTo(4);
        JsonArray campaigns = root.getAsJsonArray("campaigns");
        JsonObject first = campaigns.get(0).getAsJsonObject();
        assertThat(first.get("name").getAsString()).isEqualTo(SampleStudy.CAMPAIGN + " [activation=RELU]");
        assertThat(first.get("injections").getAsInt()).isEqualTo(400);
        assertThat(first.get("verdict").getAsString()).isEqualTo("PASSED");
        JsonObject critical = first.getAsJsonObject("rates").getAsJsonObject("CRITICAL");
        assertThat(critical.get("lower").getAsDouble()).isLessThanOrEqualTo(critical.get("rate").getAsDouble());
        assertThat(critical.get("upper").getAsDouble()).isGreaterThanOrEqualTo(critical.get("rate").getAsDouble());
        assertThat(first.getAsJsonArray("gates").get(0).getAsJsonObject().get("decision").getAsString())
                .isEqualTo("BELOW");
        assertThat(root.getAsJsonArray("properties")).hasSize(1);
    }

    /** The model has one name whether the source builds each variant or SEUnit derives them; the variant has its field. */
    @Test
    void theRunSummaryNamesTheModelOneWayAndCarriesTheVariantNotes() throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(AllureRun.SUMMARY, StandardCharsets.UTF_8))
                .getAsJsonObject();
        java.util.Map<String, JsonObject> byName = new java.util.LinkedHashMap<>();
        root.getAsJsonArray("campaigns").forEach(c -> byName.put(c.getAsJsonObject().get("name").getAsString(),
                c.getAsJsonObject()));
        assertThat(byName).hasSize(4);
        byName.forEach((name, c) -> assertThat(c.get("model").getAsString()).as(name)
                .isEqualTo(name.startsWith(SampleStudy.CAMPAIGN) ? "SampleStudy" : "SwappedActivationStudy"));
        JsonObject swapped = byName.get(SwappedActivationStudy.CAMPAIGN + " [activation=SIGMOID]");
        assertThat(swapped.get("variant").getAsString()).isEqualTo("activation=SIGMOID");
        assertThat(swapped.getAsJsonArray("variantNotes").get(0).getAsString())
                .startsWith("activation swapped to SIGMOID without retraining: agreement with the original model's "
                        + "predictions");
        assertThat(byName.get(SampleStudy.CAMPAIGN + " [activation=SIGMOID]").getAsJsonArray("variantNotes")).isEmpty();
    }

    /** A chart is a PNG with many colours and a good share of non-background pixels. */
    static void assertRealChart(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes as an image", png).isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(400);
        int background = image.getRGB(0, 0);
        Set<Integer> colours = new HashSet<>();
        long other = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) {
                    other++;
                }
            }
        }
        long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
        assertThat(colours.size()).as("distinct colours in %s", png).isGreaterThan(8);
        assertThat((double) other / sampled).as("share of non-background pixels in %s", png).isGreaterThan(0.02);
    }

    static List<JsonObject> testCases() throws IOException {
        try (Stream<Path> files = Files.list(AllureRun.REPORT.resolve("data/test-cases"))) {
            return files.map(AllureReportTest::read).collect(Collectors.toList());
        }
    }

    private static JsonObject read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static java.util.Map<String, String> parameters(JsonObject testCase) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        for (JsonElement e : testCase.getAsJsonArray("parameters")) {
            p.put(e.getAsJsonObject().get("name").getAsString(), e.getAsJsonObject().get("value").getAsString());
        }
        return p;
    }

    static List<String> labels(JsonObject testCase) {
        List<String> l = new java.util.ArrayList<>();
        for (JsonElement e : testCase.getAsJsonArray("labels")) {
            l.add(e.getAsJsonObject().get("name").getAsString() + "=" + e.getAsJsonObject().get("value").getAsString());
        }
        return l;
    }

    /** Attachments of the test body (Allure puts them in testStage). */
    static List<JsonObject> attachments(JsonObject testCase) {
        List<JsonObject> a = new java.util.ArrayList<>();
        JsonObject stage = testCase.getAsJsonObject("testStage");
        if (stage != null && stage.has("attachments")) {
            stage.getAsJsonArray("attachments").forEach(e -> a.add(e.getAsJsonObject()));
        }
        return a;
    }

    static JsonObject campaign(String name) throws IOException {
        return testCases().stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> attachmentNames(JsonObject testCase) {
        return attachments(testCase).stream().map(a -> a.get("name").getAsString()).collect(Collectors.toList());
    }

    private static String description(JsonObject testCase) {
        return testCase.get("descriptionHtml").getAsString();
    }

    private static Path source(JsonObject testCase, String name) {
        String source = attachments(testCase).stream().filter(a -> a.get("name").getAsString().equals(name))
                .findFirst().orElseThrow().get("source").getAsString();
        return AllureRun.REPORT.resolve("data/attachments").resolve(source);
    }

    private static String failures() {
        java.io.StringWriter w = new java.io.StringWriter();
        summary.printFailuresTo(new java.io.PrintWriter(w), 30);
        return w.toString();
    }
}
