package dev.seunit.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building a variant prints nothing from PyTorch: DJL writes whole arrays under PyTorch's
 * deprecated {@code AutoNonVariableTypeMode} guard, whose warning ("AutoNonVariableTypeMode is
 * deprecated ...") means nothing to a user; SEUnit writes its variants' arrays another way.
 * PyTorch prints a warning once per process, so each case runs in a JVM of its own.
 */
class EngineWarningsTest {

    private static final String WARNING = "AutoNonVariableTypeMode is deprecated";

    @Test
    void buildingVariantsPrintsNoEngineWarning(@TempDir Path dir) throws Exception {
        String stderr = runFreshJvm(dir, "variants");
        assertThat(stderr).doesNotContain(WARNING);
    }

    @Test
    void theWarningWouldBeSeen(@TempDir Path dir) throws Exception {
        assertThat(runFreshJvm(dir, "control")).contains(WARNING);
    }

    private static String runFreshJvm(Path dir, String mode) throws IOException, InterruptedException {
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", VariantBuildInFreshJvm.class.getName(), mode))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the JVM finished").isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stderr:%n%s", stderr).isZero();
        assertThat(stdout).contains("built ");
        return stderr;
    }
}
