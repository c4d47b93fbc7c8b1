"""The hourly batch of lambda-shop on a cluster: one DAG run per hour of event time.

Each run covers its data interval, one UTC hour [start, end), and does, in order:

1. wait_for_master: waits until the archiver has written events past the end of the hour
   plus the allowed lateness (io.lambdashop.batch.HourComplete reads the archiver's status,
   the same rule the embedded scheduler uses), so the hour is complete in the master dataset;
2. batch_hour: spark-submit of the batch job (io.lambdashop.batch.BatchJob, the same code
   the embedded stack runs) for --from <hour> --to <hour + 1>. It overwrites exactly that
   hour's partitions, registers them in the Hive metastore and only then moves the batch
   boundary, so a run is idempotent and a rerun of an hour is safe. No MSCK REPAIR TABLE or
   other Hive step follows: the partitions are visible when the job exits 0;
3. reload_serving_layer: POST /api/admin/reload with the admin bearer token, so the serving
   layer answers from the new batch views now rather than at its next poll;
4. hourly_report: renders the hour's report (io.lambdashop.reports.ReportCli --hour).

Backfill with Airflow's own data intervals, e.g. for the first days of the Online Retail
dataset: airflow backfill create --dag-id lambdashop_hourly --from-date 2010-12-01T00:00:00
--to-date 2010-12-09T23:00:00 --reprocess-behavior completed. Catchup is off: a fresh
deployment must not queue an hourly run for every hour since the start date.

No two batches of the DAG run at once (max_active_tis_per_dag=1 on batch_hour), and the job
itself takes a lock per hour in <data dir>/locks, so even a retry racing a lost attempt
cannot write an hour twice at once.

Late events: an event later than the lateness still reaches the master dataset, but this
DAG does not batch its hour again by itself (the embedded scheduler does, from the run
records). Clear that hour's run, or backfill it with --reprocess-behavior completed.

Paths, URIs and addresses are Airflow Variables (lambdashop_settings.VARIABLES).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.sensors.bash import BashSensor
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

from lambdashop_settings import HOUR, HOUR_END, NOT_YET_EXIT_CODE, SERVING_TOKEN_VARIABLE, var

WAIT_FOR_MASTER = f"""\
{var('lambda_java')} -Duser.timezone=UTC \\
  -cp '{var('lambda_batch_jar')}:{var('lambda_spark_jars')}' \\
  io.lambdashop.batch.HourComplete \\
  --data-dir '{var('lambda_data_dir')}' \\
  --hour {HOUR} \\
  --lateness '{var('lambda_lateness')}'
"""

# Client deploy mode: the driver runs here, beside the data dir that holds the archiver's
# status (the batch job moves the boundary from it) and the hour locks.
BATCH_HOUR = f"""\
{var('lambda_spark_submit')} \\
  --master '{var('lambda_spark_master')}' \\
  --deploy-mode client \\
  --name lambda-batch-{HOUR} \\
  --class io.lambdashop.batch.BatchJob \\
  --driver-memory {var('lambda_batch_driver_memory')} \\
  --conf spark.driver.extraJavaOptions=-Duser.timezone=UTC \\
  --conf spark.executor.extraJavaOptions=-Duser.timezone=UTC \\
  '{var('lambda_batch_jar')}' \\
  --data-dir '{var('lambda_data_dir')}' \\
  --master-uri '{var('lambda_master_uri')}' \\
  --views-uri '{var('lambda_views_uri')}' \\
  --metastore-uri '{var('lambda_metastore_uri')}' \\
  --hive-jars '{var('lambda_hive_jars')}' \\
  --lateness '{var('lambda_lateness')}' \\
  --no-progress \\
  --from {HOUR} --to {HOUR_END}
"""

RELOAD_SERVING_LAYER = f"""\
set -eu
if [ -z "${{LAMBDA_SERVING_TOKEN:-}}" ]; then
  echo "Airflow Variable {SERVING_TOKEN_VARIABLE} is not set: set it to the serving layer's \
admin token (ARCHITECTURE.md, Admin API)" >&2
  exit 1
fi
curl --silent --show-error --fail-with-body --max-time 120 -X POST \\
  -H "Authorization: Bearer $LAMBDA_SERVING_TOKEN" \\
  '{var('lambda_serving_url')}/api/admin/reload'
echo
"""

HOURLY_REPORT = f"""\
{var('lambda_java')} -Duser.timezone=UTC \\
  -cp '{var('lambda_reports_classpath')}' \\
  io.lambdashop.reports.ReportCli \\
  --hour {HOUR} \\
  --serving-url '{var('lambda_serving_url')}' \\
  --data-dir '{var('lambda_data_dir')}'
"""

with DAG(
    dag_id="lambdashop_hourly",
    description="Batch views, serving reload and report of each complete hour",
    doc_md=__doc__,
    # Real hourly data intervals: Airflow 3 turns a plain cron string into a trigger
    # timetable whose data interval is a single instant.
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=datetime(2010, 12, 1, tzinfo=timezone.utc),
    catchup=False,
    # Sensors of later hours may wait while an earlier hour batches; batches never overlap.
    max_active_runs=4,
    dagrun_timeout=timedelta(hours=8),
    default_args={
        "owner": "lambda-shop",
        "retries": 2,
        "retry_delay": timedelta(minutes=5),
        "retry_exponential_backoff": True,
    },
    tags=["lambda-shop", "batch"],
) as dag:
    wait_for_master = BashSensor(
        task_id="wait_for_master",
        bash_command=WAIT_FOR_MASTER,
        retry_exit_code=NOT_YET_EXIT_CODE,
        mode="reschedule",
        poke_interval=60,
        # A stream can pause for hours (nights, an outage upstream); give up after six.
        timeout=int(timedelta(hours=6).total_seconds()),
        execution_timeout=timedelta(minutes=2),
    )

    batch_hour = BashOperator(
        task_id="batch_hour",
        bash_command=BATCH_HOUR,
        execution_timeout=timedelta(minutes=45),
        max_active_tis_per_dag=1,
    )

    reload_serving_layer = BashOperator(
        task_id="reload_serving_layer",
        bash_command=RELOAD_SERVING_LAYER,
        env={"LAMBDA_SERVING_TOKEN": "{{ var.value.get('%s', '') }}" % SERVING_TOKEN_VARIABLE},
        append_env=True,
        execution_timeout=timedelta(minutes=5),
        retry_delay=timedelta(minutes=1),
    )

    hourly_report = BashOperator(
        task_id="hourly_report",
        bash_command=HOURLY_REPORT,
        execution_timeout=timedelta(minutes=10),
    )

    wait_for_master >> batch_hour >> reload_serving_layer >> hourly_report
