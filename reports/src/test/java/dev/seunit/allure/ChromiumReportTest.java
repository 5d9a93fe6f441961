package dev.seunit.allure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;

import dev.seunit.allure.testing.AllureRun;
import dev.seunit.allure.testing.SampleStudy;

/**
 * Opens the generated report in headless Chromium (Debian's {@code chromium}), served over
 * localhost because the report loads its data with XHR, and checks what campaign pages show:
 * their charts, the per-layer rates and the error-propagation tables. Skipped when Chromium is missing, except on CI ({@code CI=true}), where
 * {@code .ci/run} installs it.
 */
class ChromiumReportTest {

    static final Path SCREENSHOT = Path.of("target", "allure-e2e", "campaign-page.png").toAbsolutePath();
    static final Path LAYER_SCREENSHOT = Path.of("target", "allure-e2e", "campaign-page-by-layer.png").toAbsolutePath();
    static final Path PAGE_SCREENSHOT = Path.of("target", "allure-e2e", "campaign-page-top.png").toAbsolutePath();

    @BeforeAll
    static void runSuiteAndBuildReport() throws Exception {
        AllureRun.ensure();
    }

    @Test
    void theCampaignPageRendersWithItsChart(@TempDir Path profile) throws Exception {
        Opened page = open(profile, SampleStudy.CAMPAIGN + " [activation=SIGMOID]", "Outcome rates by bit position",
                SCREENSHOT);
        assertThat(page.dom()).contains(SampleStudy.CAMPAIGN + " [activation=SIGMOID]")
                .contains("Outcome rates by bit position").contains("activation=SIGMOID");
        // the stacked bars of the chart: its MASKED green is nowhere else in Allure's own styles
        assertThat(pixelsNear(page.shot(), 0x4caf50)).as("chart-green pixels in the screenshot").isGreaterThan(500);
    }

    /**
     * A campaign's page as a reader opens it: the per-layer chart drawn, and in the description
     * the per-layer rates in forward order (stem before classifier) and the error-propagation
     * tables of the fault chosen to show propagation and of the most severe one, with Inf/NaN
     * where values became non-finite. The screenshot of the page's top is the README's picture of the report.
     */
    @Test
    void aCampaignPageShowsThePerLayerChartAndThePropagationTables(@TempDir Path profile) throws Exception {
        Opened page = open(profile, SampleStudy.CAMPAIGN + " [activation=RELU]", "Outcome rates by layer",
                LAYER_SCREENSHOT);
        String byLayer = page.dom().substring(page.dom().indexOf("SDC + CRITICAL + DUE rate by layer"));
        assertThat(byLayer.indexOf(">stem<")).as("stem's row").isPositive().isLessThan(byLayer.indexOf(">classifier<"));
        assertThat(page.dom()).contains("Error propagation: most severe fault in the earliest layer with a failure (stem)")
                .contains("Error propagation: most severe fault</h3>").contains("<td>Inf/NaN</td>");
        // the chart's bars: BENIGN light green and CRITICAL red, colours Allure's page does not use
        assertThat(pixelsNear(page.shot(), 0x8bc34a)).as("BENIGN-green pixels").isGreaterThan(5000);
        assertThat(pixelsNear(page.shot(), 0xe53935)).as("CRITICAL-red pixels").isGreaterThan(500);
        // the page as a reader first sees it (the README's picture of the report): the Passed badge, the tables
        assertThat(pixelsNear(page.top(), 0x97cc64)).as("Allure's passed-green badge").isGreaterThan(200);
    }

    /**
     * What Chromium shows of a test case's page: its DOM and a screenshot with one attachment open,
     * and a screenshot of the page's top without it ({@link #PAGE_SCREENSHOT}).
     */
    private record Opened(String dom, BufferedImage shot, BufferedImage top) {
    }

    /** Opens {@code testCase}'s page with the attachment {@code attachmentName} open, as Allure links it. */
    private static Opened open(Path profile, String testCase, String attachmentName, Path screenshot) throws Exception {
        String chromium = chromiumOrSkip();
        JsonObject campaign = AllureReportTest.campaign(testCase);
        String attachment = AllureReportTest.attachments(campaign).stream()
                .filter(a -> a.get("name").getAsString().equals(attachmentName)).findFirst().orElseThrow()
                .get("uid").getAsString();
        HttpServer server = serve(AllureRun.REPORT);
        try {
            String page = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html#testresult/"
                    + campaign.get("uid").getAsString() + "?attachment=" + attachment;
            String dom = run(chromium, profile, "--dump-dom", page);
            assertThat(dom).containsPattern("<img class=\"attachment__media\" src=\"data/attachments/" + attachment
                    + "\\.png\">");
            Files.deleteIfExists(screenshot);
            run(chromium, profile, "--screenshot=" + screenshot, page);
            assertThat(screenshot).exists();
            BufferedImage shot = ImageIO.read(screenshot.toFile());
            assertThat(shot.getWidth()).isEqualTo(1400);
            AllureReportTest.assertRealChart(screenshot);
            Files.deleteIfExists(PAGE_SCREENSHOT);
            run(chromium, profile, "--screenshot=" + PAGE_SCREENSHOT, page.substring(0, page.indexOf("?attachment=")));
            return new Opened(dom, shot, ImageIO.read(PAGE_SCREENSHOT.toFile()));
        } finally {
            server.stop(0);
        }
    }

    private static String chromiumOrSkip() {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            assertThat(System.getenv("CI")).as("Chromium is missing on CI: .ci/run installs Debian's chromium")
                    .isNotEqualToIgnoringCase("true");
            assumeTrue(false, "Chromium is not installed (apt-get install chromium); skipping the rendering check");
        }
        return chromium.get();
    }

    private static long pixelsNear(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y);
                int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
                int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
                int db = (p & 0xff) - (rgb & 0xff);
                if (Math.abs(dr) + Math.abs(dg) + Math.abs(db) < 30) {
                    n++;
                }
            }
        }
        return n;
    }

    static Optional<String> chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String run(String chromium, Path profile, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,1000",
                "--virtual-time-budget=10000"));
        command.addAll(List.of(args));
        Path out = profile.resolve("stdout.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(profile.resolve("stderr.txt").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 90 s: " + command);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The report folder over HTTP on a free localhost port. */
    private static HttpServer serve(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", type(file.getFileName().toString()));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        return server;
    }

    private static String type(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (name.endsWith(".js")) {
            return "application/javascript";
        } else if (name.endsWith(".css")) {
            return "text/css";
        } else if (name.endsWith(".json")) {
            return "application/json";
        } else if (name.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }
}
