"""Settings shared by the lambda-shop DAGs: the Airflow Variables they read and their defaults.

Every path, URI and address a task uses comes from an Airflow Variable, read when the task's
templates are rendered (never at parse time, which would query the metadata database on every
parse). The defaults are the names of the docker-compose.yml at the repository root, so a
fresh deployment runs with no Variable set except the serving layer's admin token.

This module holds no DAG; .airflowignore keeps the DAG processor from scanning it.
"""

from __future__ import annotations

# Variable name -> (default, what it is). README.md ("Running on a cluster") lists them too.
VARIABLES: dict[str, tuple[str, str]] = {
    "lambda_spark_submit": (
        "/opt/spark/bin/spark-submit",
        "spark-submit of a Spark 4.0.1 / Scala 2.13 distribution"),
    "lambda_spark_master": (
        "spark://spark-master:7077",
        "the Spark master the batch job is submitted to"),
    "lambda_spark_jars": (
        "/opt/spark/jars/*",
        "the Spark distribution's jars, for the small JVM checks that need no Spark session"),
    "lambda_java": (
        "java",
        "a Java 17 runtime"),
    "lambda_batch_jar": (
        "/opt/lambda/jars/batch-layer-cluster.jar",
        "the batch layer's cluster jar (batch-layer/target/batch-layer-*-cluster.jar)"),
    "lambda_reports_classpath": (
        "/opt/lambda/jars/reports-cluster.jar",
        "the classpath of io.lambdashop.reports.ReportCli"),
    "lambda_data_dir": (
        "/lambda/data",
        "the data dir shared with the archiver: status/archiver.json, locks/, reports/"),
    "lambda_master_uri": (
        "hdfs://namenode:8020/lambda/master",
        "the master dataset, as the archiver writes it"),
    "lambda_views_uri": (
        "hdfs://namenode:8020/lambda/views",
        "the root of the batch views (the Hive tables' locations)"),
    "lambda_metastore_uri": (
        "thrift://hive-metastore:9083",
        "the Hive metastore"),
    "lambda_hive_jars": (
        "file:///opt/hive/lib/*.jar,file:///opt/hadoop/share/hadoop/common/*.jar,"
        "file:///opt/hadoop/share/hadoop/common/lib/*.jar,"
        "file:///opt/hadoop/share/hadoop/hdfs/*.jar,"
        "file:///opt/hadoop/share/hadoop/mapreduce/*.jar",
        "Hive 4.0.1 client jars for Spark's metastore client (comma-separated globs)"),
    "lambda_lateness": (
        "10 minutes",
        "how late an event may come; an hour is batched once events pass its end plus this"),
    "lambda_batch_driver_memory": (
        "2g",
        "the batch job's driver memory"),
    "lambda_serving_url": (
        "http://serving-layer:8080",
        "the serving layer's base URL"),
}

# Read with no default: a missing token fails the reload task with a message, and Airflow
# masks the value in logs and rendered templates because the name contains "token".
SERVING_TOKEN_VARIABLE = "lambda_serving_token"

# Exit code of io.lambdashop.batch.HourComplete and scripts/boundary_reached.py meaning
# "not yet": the sensors poke again on it and fail on any other non-zero code.
NOT_YET_EXIT_CODE = 3

# Jinja for the hours a run covers, in the batch job's HOUR format (yyyy-MM-ddTHH, UTC):
# its data interval, unless the run's conf names a range. The serving layer's admin re-run
# triggers a manual run with conf {"from": HOUR, "to": HOUR}.
HOUR = ("{{ (dag_run.conf or {}).get('from')"
        " or data_interval_start.strftime('%Y-%m-%dT%H') }}")
HOUR_END = ("{{ (dag_run.conf or {}).get('to')"
            " or data_interval_end.strftime('%Y-%m-%dT%H') }}")
DAY = "{{ data_interval_start.strftime('%Y-%m-%d') }}"


def var(name: str) -> str:
    """The Jinja expression reading Variable `name`, falling back to its default."""
    default, _ = VARIABLES[name]
    if "'" in default or "\\" in default:
        raise ValueError(f"the default of {name} cannot be quoted in Jinja: {default}")
    return "{{ var.value.get('%s', '%s') }}" % (name, default)
