package dev.seunit.examples.hsi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.qameta.allure.Allure;

import dev.seunit.campaign.CampaignResult;
import dev.seunit.campaign.Outcome;
import dev.seunit.stats.Rate;

/**
 * The robustness / throughput trade-off of the U-Net variants as a table: written next to the
 * run summary ({@code target/seunit/hsi-tradeoff.md}, {@code .csv}, {@code .html}), printed,
 * and attached to the running test in the Allure report.
 */
final class TradeOffTable {

    /**
     * One variant.
     *
     * @param iou global IoU on the held-out scenes
     * @param fps scenes per second, batch of one, one torch thread
     * @param msb the MSB-flip campaign on the variant, or null when it did not run
     * @param any the any-bit campaign, or null when it did not run
     */
    record Row(String variant, long parameters, long nonZero, double iou, double fps, CampaignResult msb,
            CampaignResult any) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return rows;
    }

    String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("| variant | non-zero parameters | global IoU | FPS | MSB flips: CRITICAL | MSB flips: DUE | "
                + "any bit: CRITICAL | any bit: DUE |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %,d | %.4f | %.0f | %s | %s | %s | %s |%n", r.variant(),
                    r.nonZero(), r.iou(), r.fps(), rate(r.msb(), Outcome.CRITICAL), rate(r.msb(), Outcome.DUE),
                    rate(r.any(), Outcome.CRITICAL), rate(r.any(), Outcome.DUE)));
        }
        return s.toString();
    }

    String csv() {
        StringBuilder s = new StringBuilder("variant,parameters,non_zero_parameters,global_iou,fps,"
                + "msb_injections,msb_critical,msb_critical_lower,msb_critical_upper,msb_due,msb_due_lower,msb_due_upper,"
                + "any_injections,any_critical,any_critical_lower,any_critical_upper,any_due,any_due_lower,any_due_upper\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "\"%s\",%d,%d,%.4f,%.1f,%s,%s%n", r.variant(), r.parameters(), r.nonZero(),
                    r.iou(), r.fps(), csv(r.msb()), csv(r.any())));
        }
        return s.toString();
    }

    String html() {
        StringBuilder s = new StringBuilder("<table><thead><tr><th>variant</th><th>non-zero parameters</th>"
                + "<th>global IoU</th><th>FPS</th><th>MSB flips: CRITICAL (95% CI)</th><th>MSB flips: DUE (95% CI)</th>"
                + "<th>any bit: CRITICAL (95% CI)</th><th>any bit: DUE (95% CI)</th></tr></thead><tbody>");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,d</td><td>%.4f</td><td>%.0f</td><td>%s</td>"
                    + "<td>%s</td><td>%s</td><td>%s</td></tr>", r.variant(), r.nonZero(), r.iou(), r.fps(),
                    rate(r.msb(), Outcome.CRITICAL), rate(r.msb(), Outcome.DUE), rate(r.any(), Outcome.CRITICAL),
                    rate(r.any(), Outcome.DUE)));
        }
        return s.append("</tbody></table>").toString();
    }

    /** Writes the table next to the run summary, prints it and attaches it to the Allure report. */
    Path publish(String title, String note) {
        Path dir = Paths.get(System.getProperty("seunit.summary.file", "target/seunit/run-summary.json"))
                .toAbsolutePath().getParent();
        String html = "<h3>" + title + "</h3>" + html() + "<p>" + note + "</p>";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("hsi-tradeoff.md"), "### " + title + "\n\n" + markdown() + "\n" + note + "\n");
            Files.writeString(dir.resolve("hsi-tradeoff.csv"), csv());
            Files.writeString(dir.resolve("hsi-tradeoff.html"), "<!DOCTYPE html><meta charset=\"utf-8\">" + html);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[study] " + title + " (" + dir.resolve("hsi-tradeoff.md") + ")\n" + markdown() + note);
        Allure.descriptionHtml(html);
        Allure.addAttachment("Robustness / throughput trade-off (HTML)", "text/html", html, "html");
        Allure.addAttachment("Robustness / throughput trade-off (CSV)", "text/csv", csv(), "csv");
        Allure.addAttachment("Robustness / throughput trade-off (Markdown)", "text/markdown", markdown(), "md");
        return dir.resolve("hsi-tradeoff.md");
    }

    static String rate(CampaignResult result, Outcome outcome) {
        if (result == null) {
            return "-";
        }
        Rate r = result.rate(outcome);
        return String.format(Locale.ROOT, "%s [%s, %s] (n=%,d)", pct(r.estimate()), pct(r.lower()), pct(r.upper()),
                result.injections());
    }

    private static String pct(double v) {
        return v == 0 ? "0%" : v < 0.01 ? String.format(Locale.ROOT, "%.2f%%", 100 * v)
                : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String csv(CampaignResult result) {
        if (result == null) {
            return ",,,,,,";
        }
        Rate c = result.rate(Outcome.CRITICAL);
        Rate d = result.rate(Outcome.DUE);
        return String.format(Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f", result.injections(), c.estimate(), c.lower(),
                c.upper(), d.estimate(), d.lower(), d.upper());
    }
}
