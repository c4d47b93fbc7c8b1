"""The cluster jars `mvn package` builds for spark-submit: our classes and the few
libraries a Spark distribution lacks, and nothing a Spark distribution already has."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unittest
import zipfile
from pathlib import Path

import dags

# Packages a Spark 4.0.1 distribution ships: none may be inside a cluster jar, or they
# would shadow or clash with the cluster's own copies.
PROVIDED_PREFIXES = ("scala/", "org/apache/hadoop/", "com/fasterxml/jackson/",
                     "org/apache/parquet/", "org/apache/datasketches/", "io/netty/",
                     "org/slf4j/", "org/apache/logging/log4j/", "com/google/common/")

# The only Spark classes allowed: the Kafka connector, which no Spark distribution ships.
CONNECTOR_PREFIXES = ("org/apache/spark/sql/kafka010/", "org/apache/spark/kafka010/")


# Jars a cluster jar holds itself (the include list of the root pom's shade configuration).
SHADED = ("/io/lambdashop/", "/info/picocli/", "/me/tongfei/", "/org/jline/", "/commons-csv/",
          "/spark-sql-kafka-0-10_", "/spark-token-provider-kafka-0-10_", "/kafka-clients/",
          "/commons-pool2/")


def spark_classpath(module: str) -> str:
    """Spark as a cluster has it: the module's Maven classpath minus what the jar holds."""
    listing = (dags.REPOSITORY / module / "target" / "classpath.txt").read_text().strip()
    return os.pathsep.join(jar for jar in listing.split(os.pathsep)
                           if not any(part in jar for part in SHADED))


def version() -> str:
    pom = (dags.REPOSITORY / "pom.xml").read_text()
    return re.search(r"<artifactId>lambda-shop</artifactId>\s*<version>([^<]+)</version>",
                     pom).group(1)


def cluster_jar(module: str) -> Path:
    jar = dags.REPOSITORY / module / "target" / f"{module}-{version()}-cluster.jar"
    if not jar.is_file():
        raise AssertionError(f"{jar} is missing: build it with mvn package")
    return jar


class ClusterJarTest(unittest.TestCase):

    def entries(self, module):
        with zipfile.ZipFile(cluster_jar(module)) as jar:
            return set(jar.namelist())

    def test_no_spark_class_but_the_kafka_connector(self):
        for module in ("batch-layer", "speed-layer"):
            with self.subTest(module):
                spark = {e for e in self.entries(module) if e.startswith("org/apache/spark/")
                         and e.endswith(".class") and not e.startswith(CONNECTOR_PREFIXES)}
                self.assertEqual(spark, set())

    def test_nothing_a_spark_distribution_provides(self):
        for module in ("batch-layer", "speed-layer"):
            with self.subTest(module):
                provided = sorted(e for e in self.entries(module)
                                  if e.startswith(PROVIDED_PREFIXES))
                self.assertEqual(provided[:5], [])

    def test_the_entry_points_and_what_they_need_are_inside(self):
        batch = self.entries("batch-layer")
        for needed in ("io/lambdashop/batch/BatchJob.class",
                       "io/lambdashop/batch/Archiver.class",
                       "io/lambdashop/batch/HourComplete.class",
                       "io/lambdashop/model/SparkEvents.class",
                       "picocli/CommandLine.class",
                       "me/tongfei/progressbar/ProgressBar.class",
                       "org/apache/spark/sql/kafka010/KafkaSourceProvider.class",
                       "org/apache/kafka/clients/consumer/KafkaConsumer.class"):
            with self.subTest(needed):
                self.assertTrue(needed in batch, f"{needed} is not in the batch cluster jar")
        speed = self.entries("speed-layer")
        for needed in ("io/lambdashop/speed/SpeedLayer.class",
                       "org/apache/spark/sql/kafka010/KafkaSourceProvider.class"):
            with self.subTest(needed):
                self.assertTrue(needed in speed, f"{needed} is not in the speed cluster jar")

    def test_the_kafka_source_is_registered_as_a_service(self):
        with zipfile.ZipFile(cluster_jar("speed-layer")) as jar:
            services = jar.read("META-INF/services/"
                                "org.apache.spark.sql.sources.DataSourceRegister").decode()
        self.assertIn("org.apache.spark.sql.kafka010.KafkaSourceProvider", services)


@unittest.skipUnless(shutil.which("java"), "no java on the PATH")
class ClusterJarOnSparkAloneTest(unittest.TestCase):
    """Each main starts from its cluster jar plus Spark's jars and nothing else."""

    def help_of(self, module, main):
        result = subprocess.run(
            ["java", "-cp", f"{cluster_jar(module)}{os.pathsep}{spark_classpath(module)}",
             main, "--help"], capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        return result.stdout

    def test_the_batch_job_prints_its_usage(self):
        usage = self.help_of("batch-layer", "io.lambdashop.batch.BatchJob")
        for option in ("--from", "--to", "--master-uri", "--views-uri", "--metastore-uri",
                       "--hive-jars", "--data-dir"):
            self.assertIn(option, usage)

    def test_the_archiver_and_the_hour_check_print_their_usage(self):
        self.assertIn("--bootstrap", self.help_of("batch-layer",
                                                  "io.lambdashop.batch.Archiver"))
        self.assertIn("--hour", self.help_of("batch-layer",
                                             "io.lambdashop.batch.HourComplete"))

    def test_the_speed_layer_prints_its_usage(self):
        usage = self.help_of("speed-layer", "io.lambdashop.speed.SpeedLayer")
        self.assertIn("--bootstrap", usage)
        self.assertIn("--data-dir", usage)


if __name__ == "__main__":
    unittest.main()
