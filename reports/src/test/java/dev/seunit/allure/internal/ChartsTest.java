package dev.seunit.allure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.chartpart.TickLabels;

import dev.seunit.allure.testing.SampleStudy;
import dev.seunit.campaign.Budget;
import dev.seunit.campaign.Campaign;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.campaign.GoldenRun;
import dev.seunit.campaign.ProgressListener;
import dev.seunit.fault.BitSelection;
import dev.seunit.model.InjectableModel;
import dev.seunit.stats.Rate;

/** The charts of a real campaign on the sample study's net, read as XChart draws them. */
class ChartsTest {

    /**
     * A number as people write it: digits grouped by thousands, at most three decimals, or three
     * significant digits in scientific notation; optionally a percentage.
     */
    static final Pattern FOR_PEOPLE = Pattern.compile("-?(\\d{1,3}(,\\d{3})*(\\.\\d{1,3})?|\\d(\\.\\d{1,2})?E-?\\d+)%?");

    private static NDManager manager;
    private static InjectableModel model;
    private static GoldenRun golden;
    private static CampaignResult result;

    @BeforeAll
    static void runACampaign() {
        manager = NDManager.newBaseManager("PyTorch");
        model = InjectableModel.of("sample", SampleStudy.net(manager, Activation.reluBlock()));
        golden = GoldenRun.of(model, SampleStudy.inputs(manager));
        result = Campaign.builder(golden).bits(BitSelection.ALL).budget(Budget.count(300)).seed(2)
                .progress(ProgressListener.NONE).build().run();
    }

    @AfterAll
    static void close() {
        golden.close();
        model.close();
        manager.close();
    }

    private static List<Charts.VariantPoint> variants(double... inputsPerSecond) {
        List<Charts.VariantPoint> points = new ArrayList<>();
        for (int i = 0; i < inputsPerSecond.length; i++) {
            points.add(new Charts.VariantPoint("variant " + i, result.layer(SampleStudy.LAYERS.get(i % 2 == 0 ? 0 : 3))
                    .rate(Tables.FAILURES, 0.95), inputsPerSecond[i]));
        }
        return points;
    }

    @Test
    void everyNumberOnAnAxisIsWrittenForPeople() {
        List<Chart<?, ?>> numericX = List.of(Charts.magnitudeHistogramChart(result),
                Charts.rateAcrossVariantsChart("rates", variants(1, 2)),
                Charts.robustnessVsThroughputChart(variants(1066.247154252166, 1210.5)),
                Charts.robustnessVsThroughputChart(variants(1066.247154252166, 1066.9)),
                Charts.robustnessVsThroughputChart(variants(3.25, 3.5)),
                Charts.robustnessVsThroughputChart(variants(1066.247154252166)),
                Charts.rateAcrossVariantsChart("one rate", variants(1)),
                Charts.rateAcrossVariantsChart("small rates", List.of(
                        new Charts.VariantPoint("int8", Rate.clopperPearson(0, 4000, 0.95), 900),
                        new Charts.VariantPoint("int8, pruned", Rate.clopperPearson(1, 4000, 0.95), 1000))));
        for (Chart<?, ?> chart : numericX) {
            assertThat(TickLabels.x(chart)).as("x axis of %s", chart.getTitle()).isNotEmpty()
                    .allSatisfy(label -> assertThat(label).matches(FOR_PEOPLE)).doesNotHaveDuplicates();
        }
        List<Chart<?, ?>> all = new ArrayList<>(numericX);
        all.add(Charts.outcomesByChart("by bit", "bit", result.byBit()));
        all.add(Charts.errorPropagationChart("trace", ErrorPropagation.trace(golden, result.worst(1).get(0).scenario())));
        for (Chart<?, ?> chart : all) {
            assertThat(TickLabels.y(chart)).as("y axis of %s", chart.getTitle()).isNotEmpty()
                    .allSatisfy(label -> assertThat(label).matches(FOR_PEOPLE)).doesNotHaveDuplicates();
        }
    }

    /** Seven long variant names with their rates: the legend fits the picture instead of running off its edge. */
    @Test
    void theLegendOfAComparisonFitsThePicture() {
        List<Charts.VariantPoint> seven = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            seven.add(new Charts.VariantPoint("activation=HARD_SIGMOID, pruned=" + (10 * i) + "%, int8",
                    Rate.clopperPearson(100 + i, 1000, 0.95), 500 + 50 * i));
        }
        for (Chart<?, ?> chart : List.of(Charts.rateAcrossVariantsChart("rates", seven),
                Charts.robustnessVsThroughputChart(seven))) {
            java.awt.geom.Rectangle2D legend = TickLabels.legend(chart);
            assertThat(legend.getMinX()).as("legend of %s", chart.getTitle()).isGreaterThanOrEqualTo(0);
            assertThat(legend.getMaxX()).as("legend of %s", chart.getTitle()).isLessThanOrEqualTo(chart.getWidth());
            assertThat(legend.getMaxY()).as("legend of %s", chart.getTitle()).isLessThanOrEqualTo(chart.getHeight());
        }
    }

    @Test
    void layersAreDrawnInTheNetworksForwardOrder() {
        CategoryChart byLayer = Charts.outcomesByChart("by layer", "layer", result.byLayer());
        assertThat(List.<Object>copyOf(byLayer.getSeriesMap().get("MASKED").getXData())).containsExactly("stem", "classifier");
    }

    @Test
    void chartsAcrossVariantsNeedSeveralVariants() {
        assertThat(Charts.comparesVariants(variants(1066.247154252166))).isFalse();
        assertThat(Charts.comparesVariants(variants(800, 1066.247154252166))).isTrue();
        XYChart two = Charts.robustnessVsThroughputChart(variants(800, 1066.247154252166));
        assertThat(two.getSeriesMap()).hasSize(2);
    }
}
