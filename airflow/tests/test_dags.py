"""The DAG files: what they import, how they are scheduled, their task graphs, retries,
timeouts and concurrency, and every templated command rendered for one sample interval.

Runs without Airflow: the files are read as syntax trees and run against the stand-ins of
fake_airflow. Expected commands are written out by hand from the mains they call.
"""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import unittest
from datetime import datetime, timedelta, timezone

import dags
from lambdashop_settings import NOT_YET_EXIT_CODE, SERVING_TOKEN_VARIABLE, VARIABLES

UTC = timezone.utc
HOUR_START = datetime(2010, 12, 1, 8, tzinfo=UTC)
HOUR_END = datetime(2010, 12, 1, 9, tzinfo=UTC)
DAY_START = datetime(2010, 12, 1, tzinfo=UTC)
DAY_END = datetime(2010, 12, 2, tzinfo=UTC)

LEGACY_IMPORTS = ("airflow.operators", "airflow.sensors", "airflow.models",
                  "airflow.utils.dates", "airflow.decorators")


def java_options(*sources: str) -> set[str]:
    """The --options a Java main declares with picocli, read from its source files."""
    names: set[str] = set()
    for source in sources:
        text = (dags.REPOSITORY / source).read_text()
        names.update(re.findall(r'@Option\(names = "(--[a-z-]+)"', text))
    return names | {"--help", "--version"}


def words(command: str) -> list[str]:
    """The words of a one-command script as bash reads them (backslash-newline joins)."""
    return shlex.split(command.replace("\\\n", " "))


def app_arguments(argv: list[str], after: str) -> dict[str, str]:
    """The `--name value` pairs after the argument `after`, checked to come in pairs."""
    rest = argv[argv.index(after) + 1:]
    pairs: dict[str, str] = {}
    i = 0
    while i < len(rest):
        name = rest[i]
        if name == "--no-progress":
            pairs[name] = ""
            i += 1
            continue
        pairs[name] = rest[i + 1]
        i += 2
    return pairs


class DagFileSyntaxTest(unittest.TestCase):

    def test_dag_files_use_airflow_3_imports_only(self):
        for dag_id, path in dags.DAG_FILES.items():
            tree = ast.parse(path.read_text(), filename=str(path))
            modules = {node.module for node in ast.walk(tree)
                       if isinstance(node, ast.ImportFrom)}
            with self.subTest(dag_id):
                self.assertIn("airflow.sdk", modules)
                self.assertFalse([m for m in modules if m and m.startswith(LEGACY_IMPORTS)],
                                 "Airflow 2 module paths")

    def test_no_variable_or_connection_is_read_at_parse_time(self):
        # Variable.get at top level queries the metadata database on every parse.
        for dag_id, path in dags.DAG_FILES.items():
            tree = ast.parse(path.read_text())
            calls = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                     and node.attr in ("get", "get_connection")
                     and isinstance(node.value, ast.Name)
                     and node.value.id in ("Variable", "BaseHook", "Connection")]
            with self.subTest(dag_id):
                self.assertEqual(calls, [])

    def test_no_airflow_2_schedule_argument(self):
        for dag_id, path in dags.DAG_FILES.items():
            with self.subTest(dag_id):
                self.assertNotIn("schedule_interval", path.read_text())


class HourlyDagTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dag = dags.load("lambdashop_hourly")

    def render(self, task_id, **variables):
        return dags.render(self.dag, task_id, HOUR_START, HOUR_END, variables)

    def test_one_run_per_utc_hour_with_real_data_intervals(self):
        schedule = self.dag.args["schedule"]
        self.assertEqual(type(schedule).__name__, "CronDataIntervalTimetable")
        self.assertEqual(schedule.cron, "0 * * * *")
        self.assertEqual(schedule.timezone, "UTC")
        self.assertEqual(self.dag.args["start_date"], datetime(2010, 12, 1, tzinfo=UTC))
        # Backfills go through `airflow backfill create`; catchup would queue every hour
        # since 2010 on a fresh deployment.
        self.assertIs(self.dag.args["catchup"], False)

    def test_tasks_run_in_order_sensor_batch_reload_report(self):
        edges = {task_id: task.downstream for task_id, task in self.dag.tasks.items()}
        self.assertEqual(edges, {
            "wait_for_master": {"batch_hour"},
            "batch_hour": {"reload_serving_layer"},
            "reload_serving_layer": {"hourly_report"},
            "hourly_report": set(),
        })
        self.assertEqual(self.dag.tasks["wait_for_master"].kind, "BashSensor")

    def test_every_task_retries_and_has_a_timeout(self):
        for task_id, task in self.dag.tasks.items():
            with self.subTest(task_id):
                self.assertGreaterEqual(task.args["retries"], 1)
                self.assertIsInstance(task.args["retry_delay"], timedelta)
                self.assertIsInstance(task.args["execution_timeout"], timedelta)
        self.assertEqual(self.dag.tasks["batch_hour"].args["execution_timeout"],
                         timedelta(minutes=45))
        self.assertLessEqual(self.dag.args["dagrun_timeout"], timedelta(hours=8))

    def test_no_two_batches_at_once(self):
        self.assertEqual(self.dag.tasks["batch_hour"].args["max_active_tis_per_dag"], 1)
        self.assertLessEqual(self.dag.args["max_active_runs"], 4)

    def test_the_sensor_pokes_again_only_on_not_yet(self):
        sensor = self.dag.tasks["wait_for_master"].args
        self.assertEqual(sensor["retry_exit_code"], NOT_YET_EXIT_CODE)
        self.assertEqual(NOT_YET_EXIT_CODE, 3)  # HourComplete.NOT_YET in the batch layer
        self.assertEqual(sensor["mode"], "reschedule")
        self.assertEqual(sensor["timeout"], 6 * 3600)
        hour_complete = (dags.REPOSITORY / "batch-layer/src/main/java/io/lambdashop/batch/"
                         "HourComplete.java").read_text()
        self.assertIn("public static final int NOT_YET = 3;", hour_complete)

    def test_sensor_command_for_the_sample_hour(self):
        self.assertEqual(self.render("wait_for_master")["bash_command"], (
            "java -Duser.timezone=UTC \\\n"
            "  -cp '/opt/lambda/jars/batch-layer-cluster.jar:/opt/spark/jars/*' \\\n"
            "  io.lambdashop.batch.HourComplete \\\n"
            "  --data-dir '/lambda/data' \\\n"
            "  --hour 2010-12-01T08 \\\n"
            "  --lateness '10 minutes'\n"))

    def test_batch_command_for_the_sample_hour(self):
        argv = words(self.render("batch_hour")["bash_command"])

        self.assertEqual(argv[:12], [
            "/opt/spark/bin/spark-submit",
            "--master", "spark://spark-master:7077",
            "--deploy-mode", "client",
            "--name", "lambda-batch-2010-12-01T08",
            "--class", "io.lambdashop.batch.BatchJob",
            "--driver-memory", "2g",
            "--conf"])
        self.assertIn("/opt/lambda/jars/batch-layer-cluster.jar", argv)
        self.assertEqual(app_arguments(argv, "/opt/lambda/jars/batch-layer-cluster.jar"), {
            "--data-dir": "/lambda/data",
            "--master-uri": "hdfs://namenode:8020/lambda/master",
            "--views-uri": "hdfs://namenode:8020/lambda/views",
            "--metastore-uri": "thrift://hive-metastore:9083",
            "--hive-jars": VARIABLES["lambda_hive_jars"][0],
            "--lateness": "10 minutes",
            "--no-progress": "",
            "--from": "2010-12-01T08",
            "--to": "2010-12-01T09",
        })

    def test_batch_command_uses_only_options_the_batch_job_has(self):
        argv = words(self.render("batch_hour")["bash_command"])
        known = java_options("batch-layer/src/main/java/io/lambdashop/batch/BatchOptions.java",
                             "batch-layer/src/main/java/io/lambdashop/batch/BatchJob.java")
        used = set(app_arguments(argv, "/opt/lambda/jars/batch-layer-cluster.jar"))
        self.assertLessEqual(used, known)

    def test_the_hour_is_the_batch_jobs_hour_format_for_any_interval(self):
        # Midnight of a new year: the day and the year roll over in --to, not in --from.
        fields = dags.render(self.dag, "batch_hour", datetime(2010, 12, 31, 23, tzinfo=UTC),
                             datetime(2011, 1, 1, 0, tzinfo=UTC))
        argv = words(fields["bash_command"])
        self.assertEqual(argv[-4:], ["--from", "2010-12-31T23", "--to", "2011-01-01T00"])

    def test_a_manual_run_batches_the_range_of_its_conf(self):
        # What the serving layer's admin re-run sends through Airflow's REST API.
        fields = dags.render(self.dag, "batch_hour", datetime(2026, 12, 3, 19, tzinfo=UTC),
                             datetime(2026, 12, 3, 20, tzinfo=UTC),
                             conf={"from": "2010-12-01T09", "to": "2010-12-01T12"})
        argv = words(fields["bash_command"])
        self.assertEqual(argv[-4:], ["--from", "2010-12-01T09", "--to", "2010-12-01T12"])

    def test_variables_override_every_path_and_address(self):
        argv = words(self.render(
            "batch_hour", lambda_spark_submit="/usr/local/spark/bin/spark-submit",
            lambda_spark_master="local[2]", lambda_views_uri="file:///tmp/views",
            lambda_batch_jar="/tmp/b.jar")["bash_command"])
        self.assertEqual(argv[0], "/usr/local/spark/bin/spark-submit")
        self.assertEqual(argv[argv.index("--master") + 1], "local[2]")
        self.assertEqual(app_arguments(argv, "/tmp/b.jar")["--views-uri"], "file:///tmp/views")

    def test_reload_posts_to_the_admin_endpoint_with_the_token_from_a_variable(self):
        fields = self.render("reload_serving_layer", lambda_serving_token="s3cret")
        self.assertEqual(fields["env"], {"LAMBDA_SERVING_TOKEN": "s3cret"})
        self.assertIs(self.dag.tasks["reload_serving_layer"].args["append_env"], True)
        command = fields["bash_command"]
        self.assertIn("-X POST", command)
        self.assertIn('-H "Authorization: Bearer $LAMBDA_SERVING_TOKEN"', command)
        self.assertIn("'http://serving-layer:8080/api/admin/reload'", command)
        self.assertIn("--fail-with-body", command)
        # The token never appears in the command itself (the UI shows rendered commands).
        self.assertNotIn("s3cret", command)

    def test_reload_fails_with_a_message_when_the_token_is_not_set(self):
        command = self.render("reload_serving_layer")["bash_command"]
        result = subprocess.run(["bash", "-c", command], env={"PATH": "/usr/bin:/bin"},
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"Variable {SERVING_TOKEN_VARIABLE} is not set", result.stderr)

    def test_hourly_report_command_for_the_sample_hour(self):
        self.assertEqual(self.render("hourly_report")["bash_command"], (
            "java -Duser.timezone=UTC \\\n"
            "  -cp '/opt/lambda/jars/reports-cluster.jar' \\\n"
            "  io.lambdashop.reports.ReportCli \\\n"
            "  --hour 2010-12-01T08 \\\n"
            "  --serving-url 'http://serving-layer:8080' \\\n"
            "  --data-dir '/lambda/data'\n"))

    def test_every_rendered_command_is_valid_bash(self):
        for task_id in self.dag.tasks:
            command = self.render(task_id)["bash_command"]
            with self.subTest(task_id):
                result = subprocess.run(["bash", "-n"], input=command, capture_output=True,
                                        text=True)
                self.assertEqual(result.returncode, 0, result.stderr)


class DailyReportDagTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dag = dags.load("lambdashop_daily_report")

    def render(self, task_id, **variables):
        return dags.render(self.dag, task_id, DAY_START, DAY_END, variables)

    def test_one_run_per_utc_day(self):
        schedule = self.dag.args["schedule"]
        self.assertEqual(type(schedule).__name__, "CronDataIntervalTimetable")
        self.assertEqual(schedule.cron, "0 0 * * *")
        self.assertEqual(schedule.timezone, "UTC")
        self.assertIs(self.dag.args["catchup"], False)

    def test_the_report_waits_for_the_batch_views_of_the_whole_day(self):
        self.assertEqual(self.dag.tasks["wait_for_batch_views"].downstream, {"daily_report"})
        self.assertEqual(self.dag.tasks["daily_report"].downstream, set())
        argv = words(self.render("wait_for_batch_views")["bash_command"])
        self.assertEqual(argv[0], "python3")
        self.assertEqual(argv[-4:], ["--serving-url", "http://serving-layer:8080",
                                     "--until", "2010-12-02T00:00:00Z"])
        self.assertEqual(self.dag.tasks["wait_for_batch_views"].args["retry_exit_code"],
                         NOT_YET_EXIT_CODE)

    def test_the_sensor_finds_its_script_beside_the_dag_file(self):
        command = self.render("wait_for_batch_views")["bash_command"]
        script = subprocess.run(["bash", "-c", command.split(" \\\n")[0].replace(
            "python3 ", "echo ", 1)], capture_output=True, text=True).stdout.strip()
        self.assertEqual(script, str(dags.DAGS_DIR / "scripts/boundary_reached.py"))

    def test_daily_report_command_for_the_sample_day(self):
        self.assertEqual(self.render("daily_report")["bash_command"], (
            "java -Duser.timezone=UTC \\\n"
            "  -cp '/opt/lambda/jars/reports-cluster.jar' \\\n"
            "  io.lambdashop.reports.ReportCli \\\n"
            "  --day 2010-12-01 \\\n"
            "  --serving-url 'http://serving-layer:8080' \\\n"
            "  --data-dir '/lambda/data'\n"))

    def test_every_task_retries_and_has_a_timeout(self):
        for task_id, task in self.dag.tasks.items():
            with self.subTest(task_id):
                self.assertGreaterEqual(task.args["retries"], 1)
                self.assertIsInstance(task.args["execution_timeout"], timedelta)


class VariablesTest(unittest.TestCase):

    def test_every_variable_a_task_reads_is_documented_with_a_default(self):
        read: set[str] = set()
        for dag_id in dags.DAG_FILES:
            dag = dags.load(dag_id)
            start, end = (HOUR_START, HOUR_END) if "hourly" in dag_id else (DAY_START, DAY_END)
            for task_id in dag.tasks:
                read.update(dags.render(dag, task_id, start, end)["_variables_read"])
        self.assertLessEqual(read - {SERVING_TOKEN_VARIABLE}, set(VARIABLES))
        self.assertIn(SERVING_TOKEN_VARIABLE, read)

    def test_the_readme_lists_every_variable(self):
        readme = (dags.REPOSITORY / "README.md").read_text()
        missing = [name for name in list(VARIABLES) + [SERVING_TOKEN_VARIABLE]
                   if f"`{name}`" not in readme]
        self.assertEqual(missing, [], "Variables missing from README.md")


if __name__ == "__main__":
    unittest.main()
