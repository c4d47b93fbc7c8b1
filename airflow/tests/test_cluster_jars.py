"""The cluster jars `mvn package` builds for spark-submit: our classes and the few
libraries a Spark distribution lacks, and nothing a Spark distribution already has."""

from __future__ import annotations

import re
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


if __name__ == "__main__":
    unittest.main()
