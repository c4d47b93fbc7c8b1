"""The daily report of lambda-shop on a cluster: one DAG run per UTC day.

1. wait_for_batch_views: waits until the serving layer's batch boundary has reached the end
   of the day (GET /api/health, batch.boundary), i.e. every hour of the day has been batched
   by lambdashop_hourly and the serving layer has loaded the views. The report is then made
   from exact batch views only, never from a day still partly in speed views;
2. daily_report: renders the day's report (io.lambdashop.reports.ReportCli --day).

Backfill as for the hourly DAG: airflow backfill create --dag-id lambdashop_daily_report
--from-date 2010-12-01 --to-date 2010-12-09. A rerun overwrites the day's report files.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.sensors.bash import BashSensor
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

from lambdashop_settings import DAY, NOT_YET_EXIT_CODE, var

# The script sits beside this file in the DAGs folder; {{ dag.fileloc }} finds it wherever
# that folder is mounted.
WAIT_FOR_BATCH_VIEWS = f"""\
python3 "$(dirname '{{{{ dag.fileloc }}}}')/scripts/boundary_reached.py" \\
  --serving-url '{var('lambda_serving_url')}' \\
  --until '{{{{ data_interval_end.strftime('%Y-%m-%dT%H:%M:%SZ') }}}}'
"""

DAILY_REPORT = f"""\
{var('lambda_java')} -Duser.timezone=UTC \\
  -cp '{var('lambda_reports_classpath')}' \\
  io.lambdashop.reports.ReportCli \\
  --day {DAY} \\
  --serving-url '{var('lambda_serving_url')}' \\
  --data-dir '{var('lambda_data_dir')}'
"""

with DAG(
    dag_id="lambdashop_daily_report",
    description="The report of each complete UTC day, from batch views only",
    doc_md=__doc__,
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2010, 12, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=2,
    dagrun_timeout=timedelta(hours=36),
    default_args={
        "owner": "lambda-shop",
        "retries": 2,
        "retry_delay": timedelta(minutes=10),
    },
    tags=["lambda-shop", "reports"],
) as dag:
    wait_for_batch_views = BashSensor(
        task_id="wait_for_batch_views",
        bash_command=WAIT_FOR_BATCH_VIEWS,
        retry_exit_code=NOT_YET_EXIT_CODE,
        mode="reschedule",
        poke_interval=300,
        # The last hour of the day needs its lateness, its batch and a reload; a day still
        # short a day later means the hourly DAG is stuck, which someone must look at.
        timeout=int(timedelta(hours=24).total_seconds()),
        execution_timeout=timedelta(minutes=2),
    )

    daily_report = BashOperator(
        task_id="daily_report",
        bash_command=DAILY_REPORT,
        execution_timeout=timedelta(minutes=20),
        max_active_tis_per_dag=1,
    )

    wait_for_batch_views >> daily_report
