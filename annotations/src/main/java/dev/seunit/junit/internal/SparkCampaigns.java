package dev.seunit.junit.internal;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.seunit.campaign.spark.SparkCampaignRunner;
import dev.seunit.campaign.spark.internal.ExecutorModels;

/**
 * The Spark side of {@code @FaultCampaign} tests when {@code seunit.spark.master} is set: one
 * Spark context for the whole test run (Spark allows one per JVM), created on first use and
 * stopped when the run ends. Spark settings other than the master and jars come from {@code spark.*}
 * system properties, as for any Spark application. Only touched when Spark is on the class path.
 */
final class SparkCampaigns implements AutoCloseable {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SparkCampaigns.class);

    private final JavaSparkContext spark;

    private SparkCampaigns(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** Fails with the fix when {@code seunit.spark.master} is set but Spark is not on the class path. */
    static void requireSpark(Configuration.Spark settings) {
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, SparkCampaigns.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExtensionConfigurationException(Configuration.SPARK_MASTER + " = '" + settings.master() + "' but "
                    + "Apache Spark is not on the test class path: add org.apache.spark:spark-core_2.13 (test scope, the "
                    + "version of your cluster), or unset " + Configuration.SPARK_MASTER + " to run in this JVM", e);
        }
    }

    /** A runner on this test run's Spark context, with the progress and journal settings of {@code config}. */
    static SparkCampaignRunner runner(ExtensionContext context, Configuration config) {
        Configuration.Spark settings = config.spark();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        SparkCampaigns campaigns;
        synchronized (SparkCampaigns.class) {
            campaigns = store.get(SparkCampaigns.class, SparkCampaigns.class);
            if (campaigns == null) {
                campaigns = new SparkCampaigns(connect(settings));
                store.put(SparkCampaigns.class, campaigns);
            }
        }
        return SparkCampaignRunner.on(campaigns.spark).scenariosPerTask(settings.scenariosPerTask());
    }

    private static JavaSparkContext connect(Configuration.Spark settings) {
        SparkConf conf = new SparkConf().setMaster(settings.master()).setAppName("SEUnit");
        if (settings.jars() != null) {
            conf.set("spark.jars", settings.jars());
        }
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("cannot start Spark with " + Configuration.SPARK_MASTER + " = '"
                    + settings.master() + "': " + e.getMessage() + ". Check the master URL (local[4], "
                    + "spark://host:7077, ...) and that the cluster is reachable", e);
        }
    }

    @Override
    public void close() {
        spark.stop();
        ExecutorModels.closeIdle(); // the executors of a local master ran in this JVM
    }
}
