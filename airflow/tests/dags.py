"""Loads the DAG files of airflow/dags with the stand-in Airflow, and renders templates."""

from __future__ import annotations

import runpy
import sys
import types
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox

import fake_airflow

AIRFLOW_DIR = Path(__file__).resolve().parent.parent
DAGS_DIR = AIRFLOW_DIR / "dags"
REPOSITORY = AIRFLOW_DIR.parent
# Airflow puts the DAGs folder on sys.path; the DAG files import lambdashop_settings from it.
if str(DAGS_DIR) not in sys.path:
    sys.path.insert(0, str(DAGS_DIR))

DAG_FILES = {
    "lambdashop_hourly": DAGS_DIR / "lambdashop_hourly.py",
    "lambdashop_daily_report": DAGS_DIR / "lambdashop_daily_report.py",
}


def load(dag_id: str) -> fake_airflow.DAG:
    """Runs the DAG file of `dag_id` as Airflow's DAG processor would, and returns its DAG."""
    fake_airflow.install()
    path = DAG_FILES[dag_id]
    namespace = runpy.run_path(str(path), run_name="dag_file")
    dags = [v for v in namespace.values() if isinstance(v, fake_airflow.DAG)]
    if len(dags) != 1:
        raise AssertionError(f"{path.name} defines {len(dags)} DAGs, expected one")
    dags[0].fileloc = str(path)
    return dags[0]


class _VariableValues:
    """`var.value` of Airflow's template context, over a dict of set Variables."""

    def __init__(self, values: dict[str, str]):
        self._values = values
        self.read: list[str] = []

    def get(self, name: str, default: Any = None) -> Any:
        self.read.append(name)
        if name in self._values:
            return self._values[name]
        if default is None:
            raise KeyError(f"Variable {name} is not set and has no default")
        return default


class _Variables:
    def __init__(self, values: dict[str, str]):
        self.value = _VariableValues(values)


def render(dag: fake_airflow.DAG, task_id: str, start: datetime, end: datetime,
           variables: dict[str, str] | None = None,
           conf: dict[str, Any] | None = None) -> dict[str, Any]:
    """Renders the template fields of a task for the data interval [start, end).

    `conf` is the run's conf, as a manual run triggered through the REST API carries it.

    The environment is Airflow's: a sandbox with StrictUndefined, so a misspelt name fails.
    Returns the rendered fields, and under "_variables_read" the Variables the task read.
    """
    task = dag.tasks[task_id]
    environment = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined,
                                                      keep_trailing_newline=True)
    var = _Variables(variables or {})
    context = {
        "data_interval_start": start,
        "data_interval_end": end,
        "logical_date": start,
        "ds": start.strftime("%Y-%m-%d"),
        "dag": dag,
        "dag_run": types.SimpleNamespace(conf=dict(conf or {})),
        "var": var,
    }
    rendered: dict[str, Any] = {}
    for field in task.template_fields:
        value = task.args.get(field)
        if isinstance(value, str):
            rendered[field] = environment.from_string(value).render(context)
        elif isinstance(value, dict):
            rendered[field] = {k: environment.from_string(v).render(context)
                               for k, v in value.items()}
        else:
            rendered[field] = value
    rendered["_variables_read"] = sorted(set(var.value.read))
    return rendered


def main(argv: list[str]) -> int:
    """Prints a task's rendered bash command: render.py DAG TASK START END [NAME=VALUE...].

    The integration test of the batch command runs what this prints.
    """
    if len(argv) < 4:
        print(main.__doc__, file=sys.stderr)
        return 2
    dag_id, task_id, start, end = argv[:4]
    variables = dict(item.split("=", 1) for item in argv[4:])
    dag = load(dag_id)
    parse = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    fields = render(dag, task_id, parse(start), parse(end), variables)
    sys.stdout.write(fields["bash_command"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
