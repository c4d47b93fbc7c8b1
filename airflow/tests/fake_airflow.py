"""A stand-in for the few Airflow 3 names the DAG files import, so tests can run them.

Airflow cannot be installed here (no PyPI), and a DAG test should not need a metadata
database anyway. The stand-ins only record what the DAG files declare: the DAG's arguments,
each task's arguments (default_args merged as Airflow merges them) and the edges made with
`>>`. They refuse arguments the real classes do not take, so a typo such as
`execution_timeout` spelt wrong fails here as it would in Airflow.

The accepted names are those of Airflow 3.1's DAG, BaseOperator, BaseSensorOperator,
BashOperator (standard provider) and BashSensor, as documented.
"""

from __future__ import annotations

import sys
import types
from typing import Any

DAG_ARGS = {
    "dag_id", "description", "schedule", "start_date", "end_date", "default_args",
    "max_active_tasks", "max_active_runs", "max_consecutive_failed_dag_runs",
    "dagrun_timeout", "catchup", "doc_md", "params", "tags", "owner_links",
    "access_control", "is_paused_upon_creation", "render_template_as_native_obj",
    "template_searchpath", "template_undefined", "user_defined_macros",
    "user_defined_filters", "jinja_environment_kwargs", "on_success_callback",
    "on_failure_callback", "dag_display_name", "fail_fast", "auto_register",
}

BASE_OPERATOR_ARGS = {
    "task_id", "owner", "email", "email_on_retry", "email_on_failure", "retries",
    "retry_delay", "retry_exponential_backoff", "max_retry_delay", "start_date", "end_date",
    "depends_on_past", "ignore_first_depends_on_past", "wait_for_past_depends_before_skipping",
    "wait_for_downstream", "dag", "params", "default_args", "priority_weight", "weight_rule",
    "queue", "pool", "pool_slots", "execution_timeout", "on_execute_callback",
    "on_failure_callback", "on_success_callback", "on_retry_callback",
    "on_skipped_callback", "pre_execute", "post_execute", "trigger_rule", "resources",
    "run_as_user", "max_active_tis_per_dag", "max_active_tis_per_dagrun", "executor",
    "executor_config", "do_xcom_push", "multiple_outputs", "inlets", "outlets", "doc",
    "doc_md", "doc_json", "doc_yaml", "doc_rst", "task_display_name", "logger_name",
    "allow_nested_operators", "map_index_template",
}

SENSOR_ARGS = {
    "poke_interval", "timeout", "soft_fail", "mode", "exponential_backoff", "max_wait",
    "silent_fail", "never_fail", "deferrable",
}

BASH_OPERATOR_ARGS = {
    "bash_command", "env", "append_env", "output_encoding", "skip_on_exit_code", "cwd",
    "output_processor",
}

BASH_SENSOR_ARGS = {"bash_command", "env", "output_encoding", "retry_exit_code"}


class DAG:
    """Records a DAG's arguments and the tasks created inside its `with` block."""

    current: DAG | None = None

    def __init__(self, dag_id: str | None = None, **kwargs: Any):
        unknown = set(kwargs) - DAG_ARGS
        if unknown:
            raise TypeError(f"DAG() got unexpected arguments {sorted(unknown)}")
        self.dag_id = dag_id or kwargs.get("dag_id")
        self.args = dict(kwargs, dag_id=self.dag_id)
        self.tasks: dict[str, Task] = {}
        self.fileloc = None

    def __enter__(self) -> DAG:
        DAG.current = self
        return self

    def __exit__(self, *exc: object) -> None:
        DAG.current = None


class Task:
    """One task: its class name, its effective arguments and its downstream task ids."""

    allowed: set[str] = BASE_OPERATOR_ARGS
    template_fields: tuple[str, ...] = ()

    def __init__(self, **kwargs: Any):
        unknown = set(kwargs) - self.allowed
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments "
                            f"{sorted(unknown)}")
        dag = kwargs.get("dag") or DAG.current
        if dag is None:
            raise RuntimeError(f"task {kwargs.get('task_id')} is created outside a DAG")
        defaults = {k: v for k, v in dag.args.get("default_args", {}).items()
                    if k in self.allowed}
        self.args = {**defaults, **kwargs}
        self.task_id = kwargs["task_id"]
        self.kind = type(self).__name__
        self.downstream: set[str] = set()
        self.dag = dag
        if self.task_id in dag.tasks:
            raise ValueError(f"task id {self.task_id} is used twice in {dag.dag_id}")
        dag.tasks[self.task_id] = self

    def __rshift__(self, other: Task | list[Task]) -> Task | list[Task]:
        for task in other if isinstance(other, list) else [other]:
            self.downstream.add(task.task_id)
        return other


class BashOperator(Task):
    allowed = BASE_OPERATOR_ARGS | BASH_OPERATOR_ARGS
    template_fields = ("bash_command", "env", "cwd")


class BashSensor(Task):
    allowed = BASE_OPERATOR_ARGS | SENSOR_ARGS | BASH_SENSOR_ARGS
    template_fields = ("bash_command", "env")


class CronDataIntervalTimetable:
    """Airflow's timetable whose runs cover [previous cron time, cron time)."""

    def __init__(self, cron: str, timezone: Any):
        self.cron = cron
        self.timezone = timezone


def install() -> None:
    """Puts the stand-in modules in sys.modules under Airflow's own module names."""
    modules = {
        "airflow": {},
        "airflow.sdk": {"DAG": DAG},
        "airflow.providers": {},
        "airflow.providers.standard": {},
        "airflow.providers.standard.operators": {},
        "airflow.providers.standard.operators.bash": {"BashOperator": BashOperator},
        "airflow.providers.standard.sensors": {},
        "airflow.providers.standard.sensors.bash": {"BashSensor": BashSensor},
        "airflow.timetables": {},
        "airflow.timetables.interval": {
            "CronDataIntervalTimetable": CronDataIntervalTimetable},
    }
    for name, attributes in modules.items():
        module = types.ModuleType(name)
        module.__dict__.update(attributes)
        module.__path__ = []  # a package, so submodules import
        sys.modules[name] = module
