"""docker-compose.yml against what the project builds and documents: every service, image,
port, volume, dependency and command checked against the Maven build, the Java mains,
ARCHITECTURE.md and the DAGs' Variable defaults. A real compose implementation validates
the file first (docker-compose config needs no Docker engine)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

import yaml

import dags
from lambdashop_settings import VARIABLES

COMPOSE_FILE = dags.REPOSITORY / "docker-compose.yml"
SECRETS = {"LAMBDA_ADMIN_TOKEN": "test-token", "AIRFLOW_JWT_SECRET": "test-secret",
           "AIRFLOW_ADMIN_PASSWORD": "test-password"}


def pom_property(name: str) -> str:
    pom = (dags.REPOSITORY / "pom.xml").read_text()
    return re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", pom).group(1)


def project_version() -> str:
    pom = (dags.REPOSITORY / "pom.xml").read_text()
    return re.search(r"<artifactId>lambda-shop</artifactId>\s*<version>([^<]+)</version>",
                     pom).group(1)


def java_source(main_class: str) -> Path | None:
    """The source file of a main class of this repository, or None."""
    relative = Path("src/main/java") / (main_class.replace(".", "/") + ".java")
    for module in dags.REPOSITORY.iterdir():
        if (module / relative).is_file():
            return module / relative
    return None


def picocli_options(*sources: Path) -> set[str]:
    names: set[str] = {"--help", "--version"}
    for source in sources:
        names.update(re.findall(r'@Option\(names = "(--[a-z-]+)"', source.read_text()))
    return names


def options_of(argv: list[str]) -> list[str]:
    return [word for word in argv if word.startswith("--")]


def resolved_config() -> dict:
    """What `docker-compose config` makes of the file, or the file itself without it."""
    if shutil.which("docker-compose"):
        result = subprocess.run(["docker-compose", "-f", str(COMPOSE_FILE), "config"],
                                capture_output=True, text=True, cwd=dags.REPOSITORY,
                                env={**os.environ, **SECRETS})
        if result.returncode != 0:
            raise AssertionError("docker-compose config rejects the file:\n" + result.stderr)
        return yaml.safe_load(result.stdout)
    return yaml.safe_load(COMPOSE_FILE.read_text())


class ComposeFileTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.config = resolved_config()
        cls.services = cls.config["services"]
        cls.raw = yaml.safe_load(COMPOSE_FILE.read_text())

    def volumes(self, service):
        return [v if isinstance(v, str) else f"{v['source']}:{v['target']}"
                for v in self.services[service].get("volumes", [])]

    def mount_target(self, service, source_suffix):
        for volume in self.volumes(service):
            source, target = volume.split(":")[:2]
            if source.endswith(source_suffix):
                return target
        return None

    @unittest.skipUnless(shutil.which("docker-compose"),
                         "docker-compose is not installed (.ci/run installs it)")
    def test_docker_compose_accepts_the_file(self):
        resolved_config()  # raises with compose's own message

    @unittest.skipUnless(shutil.which("docker-compose"),
                         "docker-compose is not installed (.ci/run installs it)")
    def test_the_secrets_are_required(self):
        env = {k: v for k, v in os.environ.items() if k not in SECRETS}
        result = subprocess.run(["docker-compose", "-f", str(COMPOSE_FILE), "config"],
                                capture_output=True, text=True, cwd=dags.REPOSITORY, env=env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LAMBDA_ADMIN_TOKEN", result.stderr)

    def test_the_services_of_the_cluster_form(self):
        self.assertEqual(set(self.services), {
            "kafka", "kafka-topics", "namenode", "datanode", "hdfs-init", "hive-metastore",
            "hiveserver2", "hive-schema", "spark-master", "spark-worker", "lambda-data-init",
            "speed-layer", "archiver", "serving-layer", "postgres", "airflow-init",
            "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor"})

    def test_images_are_the_versions_the_build_uses(self):
        expected = {
            "apache/kafka": pom_property("kafka.version"),
            "apache/spark": pom_property("spark.version"),
            "apache/hive": pom_property("hive.version"),
        }
        for name, service in self.services.items():
            image = service["image"]
            repository, tag = image.rsplit(":", 1)
            with self.subTest(name):
                if repository in expected:
                    self.assertEqual(tag, expected[repository])
                elif repository == "apache/hadoop":
                    self.assertTrue(tag.startswith("3."))
                elif name.startswith("airflow"):
                    self.assertEqual(service["build"]["context"],
                                     str(dags.REPOSITORY / "airflow"))
                else:
                    self.assertIn(repository, ("postgres", "eclipse-temurin"))
                    self.assertNotIn(tag, ("latest", ""))

    def test_the_airflow_image_is_airflow_3_with_the_clusters_spark_and_hive(self):
        dockerfile = (dags.REPOSITORY / "airflow/Dockerfile").read_text()
        self.assertRegex(dockerfile, r"\nFROM apache/airflow:3\.\d+\.\d+\n")
        self.assertIn(f"FROM apache/spark:{pom_property('spark.version')} AS spark",
                      dockerfile)
        self.assertIn(f"FROM apache/hive:{pom_property('hive.version')} AS hive", dockerfile)
        # Where the DAG Variables' defaults expect them.
        spark_submit = VARIABLES["lambda_spark_submit"][0]
        self.assertTrue(spark_submit.startswith("/opt/spark/"))
        self.assertIn("COPY --from=spark /opt/spark /opt/spark", dockerfile)
        for glob in VARIABLES["lambda_hive_jars"][0].split(","):
            folder = glob.removeprefix("file://").split("/*")[0]
            with self.subTest(folder):
                self.assertTrue(any(folder.startswith(target) for target in (
                    "/opt/hive/lib", "/opt/hadoop/share/hadoop")))
        self.assertIn("COPY --from=hive /opt/hive/lib /opt/hive/lib", dockerfile)
        self.assertIn("COPY --from=hive /opt/hadoop/share/hadoop /opt/hadoop/share/hadoop",
                      dockerfile)

    def test_mounted_jars_are_the_cluster_jars_maven_builds(self):
        version = project_version()
        seen = set()
        for name in self.services:
            for volume in self.volumes(name):
                source = volume.split(":")[0]
                match = re.search(r"/([a-z-]+)/target/([^/]+\.jar)$", source)
                if not match:
                    continue
                module, jar = match.groups()
                seen.add(module)
                with self.subTest(f"{name}: {jar}"):
                    self.assertEqual(jar, f"{module}-{version}-cluster.jar")
                    if module == "reports" and not (dags.REPOSITORY / "reports").is_dir():
                        continue  # built by the reports module once it is merged
                    pom = (dags.REPOSITORY / module / "pom.xml").read_text()
                    self.assertIn("<artifactId>maven-shade-plugin</artifactId>", pom)
                    self.assertTrue(Path(source).is_file(), f"{source}: run mvn package")
        self.assertLessEqual({"batch-layer", "speed-layer", "serving-layer"}, seen)

    def test_main_classes_exist_in_the_mounted_jar_and_take_the_options_given(self):
        for name, service in self.services.items():
            argv = service.get("command") or []
            if not isinstance(argv, list) or not any(
                    word.startswith("io.lambdashop.") for word in argv):
                continue
            main = next(word for word in argv if word.startswith("io.lambdashop."))
            source = java_source(main)
            with self.subTest(name):
                self.assertIsNotNone(source, f"{main} has no source in this repository")
                module = source.relative_to(dags.REPOSITORY).parts[0]
                jar = next(word for word in argv if word.endswith(".jar"))
                self.assertEqual(jar, f"/opt/lambda/jars/{module}-cluster.jar")
                self.assertEqual(self.mount_target(name, f"/{module}/target/"
                                                   f"{module}-{project_version()}-cluster.jar"),
                                 jar)
                app_args = argv[argv.index(jar) + 1:] if argv.index(jar) > argv.index(main) \
                    else argv[argv.index(main) + 1:]
                known = self.known_options(source)
                self.assertLessEqual(set(options_of(app_args)), known)

    def known_options(self, source: Path) -> set[str]:
        text = source.read_text()
        if "@Command" in text or "@Option" in text:
            sources = [source]
            if "BatchOptions options" in text:
                sources.append(source.parent / "BatchOptions.java")
            return picocli_options(*sources)
        return set(re.findall(r'case "(--[a-z-]+)"', text))  # the serving layer's parser

    def test_spark_jobs_are_submitted_to_the_spark_master(self):
        for name in ("speed-layer", "archiver"):
            argv = self.services[name]["command"]
            with self.subTest(name):
                self.assertEqual(argv[0], "/opt/spark/bin/spark-submit")
                self.assertEqual(argv[argv.index("--master") + 1], "spark://spark-master:7077")
                self.assertEqual(argv[argv.index("--deploy-mode") + 1], "client")
                self.assertEqual(argv[argv.index("--conf") + 1], f"spark.driver.host={name}")
                self.assertEqual(self.mount_target(name, "lambda-data"), "/lambda/data")
        self.assertEqual(VARIABLES["lambda_spark_master"][0], "spark://spark-master:7077")
        self.assertIn(7077, self.published_ports("spark-master"))

    def test_the_serving_layer_reruns_through_the_hourly_dag_with_the_admins_password(self):
        serving = self.services["serving-layer"]["environment"]
        self.assertEqual(serving["LAMBDA_AIRFLOW_URL"], "http://airflow-apiserver:8080")
        self.assertEqual(serving["LAMBDA_AIRFLOW_DAG"], "lambdashop_hourly")
        self.assertIn('dag_id="lambdashop_hourly"',
                      (dags.REPOSITORY / "airflow/dags/lambdashop_hourly.py").read_text())
        apiserver = self.services["airflow-apiserver"]
        self.assertEqual(apiserver["environment"]["AIRFLOW_ADMIN_PASSWORD"],
                         serving["LAMBDA_AIRFLOW_PASSWORD"])
        passwords = apiserver["environment"]["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
        self.assertIn(passwords, " ".join(apiserver["command"]))

    def test_the_dag_variable_defaults_are_this_deployments_names(self):
        archiver = self.services["archiver"]["command"]
        master_uri = archiver[archiver.index("--master-uri") + 1]
        self.assertEqual(VARIABLES["lambda_master_uri"][0], master_uri)
        schema = self.services["hive-schema"]["command"]
        views_uri = schema[schema.index("--hivevar") + 1].split("=", 1)[1]
        self.assertEqual(VARIABLES["lambda_views_uri"][0], views_uri)
        self.assertEqual(VARIABLES["lambda_metastore_uri"][0], "thrift://hive-metastore:9083")
        self.assertEqual(VARIABLES["lambda_serving_url"][0], "http://serving-layer:8080")
        for name in ("airflow-scheduler", "airflow-apiserver", "airflow-dag-processor"):
            with self.subTest(name):
                self.assertEqual(self.mount_target(name, "lambda-data"),
                                 VARIABLES["lambda_data_dir"][0])
                self.assertEqual(self.mount_target(
                    name, f"batch-layer-{project_version()}-cluster.jar"),
                    VARIABLES["lambda_batch_jar"][0])
                self.assertEqual(self.mount_target(name, "/airflow/dags"), "/opt/airflow/dags")
                self.assertIn("AIRFLOW_VAR_LAMBDA_SERVING_TOKEN",
                              self.services[name]["environment"])
        self.assertEqual(self.services["airflow-scheduler"]["environment"][
            "AIRFLOW__CORE__EXECUTOR"], "LocalExecutor")

    def test_the_topics_are_those_of_the_kafka_broker_module(self):
        script = "\n".join(self.services["kafka-topics"]["command"])
        topic_setup = (dags.REPOSITORY / "kafka-broker/src/main/java/io/lambdashop/kafka/"
                       "TopicSetup.java").read_text()
        expected = re.findall(r'new TopicSpec\("([^"]+)", (\d+), (true|false)\)', topic_setup)
        self.assertEqual(len(expected), 4)
        created = {}
        for line in script.splitlines():
            words = line.split()
            if len(words) >= 3 and words[0] == "create":
                created[words[1]] = (words[2], "cleanup.policy=compact" in words[3:])
        self.assertEqual(created, {topic: (partitions, compacted == "true")
                                   for topic, partitions, compacted in expected})

    def test_every_dependency_exists_and_its_condition_can_be_met(self):
        for name, service in self.services.items():
            for target, dependency in service.get("depends_on", {}).items():
                with self.subTest(f"{name} -> {target}"):
                    self.assertIn(target, self.services)
                    condition = dependency["condition"]
                    if condition == "service_healthy":
                        self.assertIn("healthcheck", self.services[target])
                    elif condition == "service_completed_successfully":
                        self.assertNotIn("restart", self.services[target],
                                         "a one-shot service must not restart")
                    else:
                        self.assertEqual(condition, "service_started")

    def test_long_running_services_have_health_checks(self):
        one_shot = {"kafka-topics", "hdfs-init", "hive-schema", "lambda-data-init",
                    "airflow-init"}
        for name, service in self.services.items():
            if name not in one_shot and name != "spark-worker":
                with self.subTest(name):
                    self.assertIn("healthcheck", service)

    def test_named_volumes_are_declared_and_used(self):
        declared = set(self.config.get("volumes", {}))
        used = set()
        for name in self.services:
            for volume in self.volumes(name):
                source = volume.split(":")[0]
                if not source.startswith(("/", ".")):
                    used.add(source)
        self.assertEqual(used, declared)
        for path in (dags.REPOSITORY / "airflow/dags",
                     dags.REPOSITORY / "hive-server/src/main/resources/io/lambdashop/hive/"
                                       "ecommerce-schema.sql"):
            self.assertTrue(path.exists(), path)

    def test_host_ports_are_those_of_architecture_md(self):
        documented = self.documented_ports()
        published = {name: self.published_ports(name) for name in self.services
                     if self.published_ports(name)}
        self.assertEqual(published, documented)

    def published_ports(self, service) -> set[int]:
        """The host ports of a service, in either of compose's two port syntaxes."""
        return {int(port["published"]) if isinstance(port, dict)
                else int(str(port).split(":")[0])
                for port in self.services[service].get("ports", [])}

    def documented_ports(self) -> dict[str, set[int]]:
        """The host ports column of the cluster services table in ARCHITECTURE.md."""
        text = (dags.REPOSITORY / "ARCHITECTURE.md").read_text()
        section = text.split("## The cluster form", 1)[1].split("\n## ", 1)[0]
        ports = {}
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[0].startswith("`") and cells[0] != "`service`":
                numbers = {int(n) for n in re.findall(r"\b(\d{4,5})\b", cells[2])}
                if numbers:
                    ports[cells[0].strip("`")] = numbers
        if not ports:
            raise AssertionError("ARCHITECTURE.md has no cluster services table")
        return ports


if __name__ == "__main__":
    unittest.main()
