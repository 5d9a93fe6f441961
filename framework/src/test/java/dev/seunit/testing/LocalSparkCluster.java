package dev.seunit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark standalone cluster on this machine, as a user would run one: a Master and Workers, each
 * a JVM of its own started from this JVM's class path, listening on the loopback address only
 * (free ports). Executors are JVMs the workers start, with this JVM's class path (so the test's
 * classes reach them without a jar) and the JVM options of {@link #conf}. Closing stops every
 * process it started.
 */
public final class LocalSparkCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final Path directory;
    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final int workers;

    private LocalSparkCluster(Path directory, int workers, int coresPerWorker) throws IOException {
        this.directory = directory;
        this.workers = workers;
        int port = freePort();
        this.masterUrl = "spark://" + LOOPBACK + ":" + port;
        try {
            start("master", "org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port", String.valueOf(port),
                    "--webui-port", String.valueOf(freePort()));
            awaitPort(port, 60);
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(directory.resolve("worker-" + i));
                start("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--port",
                        String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()), "--cores",
                        String.valueOf(coresPerWorker), "--memory", "1g", "--work-dir", work.toString(), masterUrl);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts a master and {@code workers} workers of {@code coresPerWorker} cores; logs go under {@code directory}. */
    public static LocalSparkCluster start(Path directory, int workers, int coresPerWorker) throws IOException {
        return new LocalSparkCluster(Files.createDirectories(directory), workers, coresPerWorker);
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** What an application on this cluster sets: the master, loopback addresses, and executors on this class path. */
    public SparkConf conf(String appName) {
        return new SparkConf().setMaster(masterUrl).setAppName(appName)
                .set("spark.driver.host", LOOPBACK).set("spark.driver.bindAddress", LOOPBACK)
                .set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "768m")
                .set("spark.executor.extraClassPath", classPath())
                .set("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 "
                        + "-Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    /** A context on this cluster that has waited until every worker's executor registered. */
    public JavaSparkContext connect(String appName) {
        JavaSparkContext spark = new JavaSparkContext(conf(appName));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // the driver counts as one executor in the status tracker
        while (spark.sc().statusTracker().getExecutorInfos().length < workers + 1) {
            if (System.nanoTime() > deadline) {
                spark.stop();
                throw new IllegalStateException("the workers' executors did not register within 120 s; see the logs in "
                        + directory);
            }
            sleep(200);
        }
        return spark;
    }

    /**
     * This JVM's class path (under Surefire: the tests' class path, not its manifest-only booter
     * jar), with absolute entries: executors run in the workers' directories.
     */
    public static String classPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // master and workers only coordinate: small, quickly started JVMs that log warnings only
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        // the module flags this JVM runs with (the build's spark.java.options), which Spark's JVMs need too
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized")
                        || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
                .forEach(command::add);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        // Spark's launcher builds the executors' command from SPARK_HOME: an empty one (no jars; the
        // executors' class path is spark.executor.extraClassPath) and the Scala version it cannot find there
        Path home = Files.createDirectories(directory.resolve("spark-home").resolve("jars"));
        env.put("SPARK_HOME", home.getParent().toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put("SPARK_LOCAL_HOSTNAME", "localhost");
        processes.add(builder.start());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private void awaitPort(int port, int seconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new IOException("the Spark master did not listen on port " + port + " within " + seconds + " s; see "
                + directory.resolve("master.log"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the workers (which stop their executors), then the master; anything left is killed. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
    }

    /** The log of a process this cluster started ({@code master}, {@code worker-0}, ...). */
    public String log(String name) {
        try {
            return Files.readString(directory.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
