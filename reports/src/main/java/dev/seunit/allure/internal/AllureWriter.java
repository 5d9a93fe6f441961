package dev.seunit.allure.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;

import dev.seunit.campaign.CampaignInfo;
import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.ErrorPropagation;
import dev.seunit.junit.CampaignEvent;
import dev.seunit.junit.PropertyEvent;

/** Writes a campaign or a property try into the Allure test case that is running. */
@API(status = INTERNAL, since = "0.1")
public final class AllureWriter {

    public static final String EPIC = "Soft-error robustness";

    private final AllureLifecycle lifecycle;

    public AllureWriter(AllureLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Whether a test case is running on this thread (Allure's listener is active). */
    public boolean active() {
        return lifecycle.getCurrentTestCase().isPresent();
    }

    public void campaign(CampaignEvent event, List<CampaignEvent> variants) {
        CampaignResult result = event.result();
        CampaignInfo info = result.info();
        List<Parameter> parameters = new ArrayList<>(common(event.variant().toString(), info));
        parameters.add(parameter("budget", String.valueOf(info.budget()), false));
        parameters.add(parameter("critical share", String.valueOf(info.criticalShare()), false));
        parameters.add(parameter("injections", String.valueOf(result.injections()), true));
        parameters.add(parameter("seed", String.valueOf(info.seed()), true));
        String html = Tables.html(event);
        lifecycle.updateTestCase(tc -> {
            tc.setName(event.displayName()); // not "method(Params) displayName", as the platform listener has it
            tc.getParameters().addAll(parameters);
            tc.getLabels().addAll(labels("Fault campaigns on " + lower(info.target()),
                    info.faultModel() + " on " + info.bits()));
            tc.setDescriptionHtml(html);
        });
        lifecycle.addAttachment("Summary (HTML)", "text/html", "html", html.getBytes(StandardCharsets.UTF_8));
        lifecycle.addAttachment("Summary (CSV)", "text/csv", "csv", Tables.csv(event).getBytes(StandardCharsets.UTF_8));
        png("Outcome rates by bit position", Charts.outcomesBy("Outcomes by bit position", "bit", result.byBit()));
        png("Outcome rates by layer", Charts.outcomesBy("Outcomes by layer", "layer", result.byLayer()));
        png("Parameter-magnitude histogram", Charts.magnitudeHistogram(result));
        for (ErrorPropagation.Trace trace : event.propagation()) {
            png("Error propagation by layer: " + trace.title(), Charts.errorPropagation(trace.title() + ", "
                    + trace.injection().scenario(), trace.layers()));
        }
        List<Charts.VariantPoint> points = new ArrayList<>();
        List<Charts.VariantPoint> timed = new ArrayList<>();
        for (CampaignEvent v : variants) {
            double speed = v.throughput() == null ? Double.NaN : v.throughput().inputsPerSecond();
            Charts.VariantPoint p = new Charts.VariantPoint(String.valueOf(v.variant()),
                    v.result().rate(Tables.FAILURES, 0.95), speed);
            points.add(p);
            if (!Double.isNaN(speed)) {
                timed.add(p);
            }
        }
        // a comparison needs two variants: the first variant's test case has none, each later one all so far
        if (Charts.comparesVariants(points)) {
            png("Failure rate across variants", Charts.rateAcrossVariants(
                    "Failure rate across variants of " + event.methodName() + " (" + points.size() + " so far)", points));
        }
        if (Charts.comparesVariants(timed)) {
            png("Robustness vs throughput across variants", Charts.robustnessVsThroughput(timed));
        }
        lifecycle.addAttachment("Campaign result (JSON)", "application/json", "json",
                result.toJson().getBytes(StandardCharsets.UTF_8));
    }

    public void propertyTry(PropertyEvent event) {
        CampaignInfo info = event.info();
        List<Parameter> parameters = new ArrayList<>(common(event.variant().toString(), info));
        parameters.add(parameter("tries", String.valueOf(event.tries()), false));
        parameters.add(parameter("scenario", String.valueOf(event.scenario()), true));
        parameters.add(parameter("seed", String.valueOf(info.seed()), true));
        lifecycle.updateTestCase(tc -> {
            tc.setName(event.propertyName() + " try " + (event.tryIndex() + 1) + "/" + event.tries());
            tc.getParameters().addAll(parameters);
            tc.getLabels().addAll(labels("Property-based fault tests", event.methodName()));
        });
        if (event.last()) {
            lifecycle.addAttachment("Generated scenarios", "text/plain", "txt",
                    event.statistics().getBytes(StandardCharsets.UTF_8));
        }
        if (event.failure() != null) {
            lifecycle.addAttachment("Shrunk counterexample", "text/plain", "txt",
                    String.valueOf(event.failure().getMessage()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<Parameter> common(String variant, CampaignInfo info) {
        List<Parameter> p = new ArrayList<>();
        p.add(parameter("variant", variant, false));
        p.add(parameter("target", String.valueOf(info.target()) + " " + info.layers(), false));
        p.add(parameter("bits", String.valueOf(info.bits()), false));
        p.add(parameter("fault model", String.valueOf(info.faultModel())
                + (info.faultsPerInference() > 1 ? " x" + info.faultsPerInference() + " per inference" : ""), false));
        return p;
    }

    private static List<Label> labels(String feature, String story) {
        return List.of(new Label().setName("epic").setValue(EPIC), new Label().setName("feature").setValue(feature),
                new Label().setName("story").setValue(story));
    }

    private static Parameter parameter(String name, String value, boolean excluded) {
        return new Parameter().setName(name).setValue(value).setExcluded(excluded);
    }

    private void png(String name, byte[] bytes) {
        lifecycle.addAttachment(name, "image/png", "png", bytes);
    }

    private static String lower(Object o) {
        return String.valueOf(o).toLowerCase(java.util.Locale.ROOT);
    }
}
