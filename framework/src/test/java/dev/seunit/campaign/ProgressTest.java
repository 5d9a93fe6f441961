package dev.seunit.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void printsDoneTotalRateAndEtaAtMostOncePerInterval() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1_000, 10_000);
        progress.progress("c", 1, 100, 500); // before the first delay: silent
        progress.progress("c", 10, 100, 2_000_000_000L); // 10 in 2 s -> 5 inj/s, 90 left -> 18 s
        progress.progress("c", 11, 100, 2_000_000_001L); // within the interval: silent
        progress.finished("c", 100, 20_000_000_000L);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("[seunit] c: 10/100 injections (10.0%), 5.0 inj/s, ETA 0:18");
        assertThat(lines[1]).isEqualTo("[seunit] c: 100 injections in 20.0 s (5.0 inj/s)");
    }

    @Test
    void shortCampaignsStaySilent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                5_000_000_000L, 10_000_000_000L);
        progress.progress("c", 50, 100, 1_000_000_000L);
        progress.finished("c", 100, 2_000_000_000L);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
