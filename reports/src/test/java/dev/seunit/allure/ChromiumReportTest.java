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
 * localhost because the report loads its data with XHR, and checks that the campaign's page
 * renders with a chart. Skipped when Chromium is missing, except on CI ({@code CI=true}), where
 * {@code .ci/run} installs it.
 */
class ChromiumReportTest {

    static final Path SCREENSHOT = Path.of("target", "allure-e2e", "campaign-page.png").toAbsolutePath();

    @BeforeAll
    static void runSuiteAndBuildReport() throws Exception {
        AllureRun.ensure();
    }

    @Test
    void theCampaignPageRendersWithItsChart(@TempDir Path profile) throws Exception {
        Optional<String> chromium = chromium();
        if (chromium.isEmpty()) {
            assertThat(System.getenv("CI")).as("Chromium is missing on CI: .ci/run installs Debian's chromium")
                    .isNotEqualToIgnoringCase("true");
            assumeTrue(false, "Chromium is not installed (apt-get install chromium); skipping the rendering check");
        }
        JsonObject campaign = AllureReportTest.testCases().stream()
                .filter(c -> c.get("name").getAsString().equals(SampleStudy.CAMPAIGN + " [activation=SIGMOID]"))
                .findFirst().orElseThrow();
        String chart = AllureReportTest.attachments(campaign).stream()
                .filter(a -> a.get("name").getAsString().equals("Outcome rates by bit position")).findFirst()
                .orElseThrow().get("uid").getAsString();
        HttpServer server = serve(AllureRun.REPORT);
        try {
            String page = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html#testresult/"
                    + campaign.get("uid").getAsString() + "?attachment=" + chart;
            String dom = run(chromium.get(), profile, "--dump-dom", page);
            assertThat(dom).contains(SampleStudy.CAMPAIGN + " [activation=SIGMOID]")
                    .contains("Outcome rates by bit position").contains("activation=SIGMOID")
                    .containsPattern("<img class=\"attachment__media\" src=\"data/attachments/" + chart + "\\.png\">");
            Files.deleteIfExists(SCREENSHOT);
            run(chromium.get(), profile, "--screenshot=" + SCREENSHOT, page);
            assertThat(SCREENSHOT).exists();
            BufferedImage shot = ImageIO.read(SCREENSHOT.toFile());
            assertThat(shot.getWidth()).isEqualTo(1400);
            AllureReportTest.assertRealChart(SCREENSHOT);
            // the stacked bars of the chart: its MASKED green is nowhere else in Allure's own styles
            assertThat(pixelsNear(shot, 0x4caf50)).as("chart-green pixels in the screenshot").isGreaterThan(500);
        } finally {
            server.stop(0);
        }
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
