#!/usr/bin/env python3
"""Exits 0 once the serving layer's batch boundary has reached an instant, 3 while not yet.

The daily report DAG pokes this before rendering a day's report, so the report is made
only from batch views (complete hours), never from a day half in speed views. It reads
GET <serving-url>/api/health, field batch.boundary (ARCHITECTURE.md). Standard library only:
it runs with the Airflow image's own python3.

Exit codes: 0 reached, 3 not yet (also while the serving layer cannot be reached, which a
restart explains), 2 a wrong command line or an answer that is not the documented one.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from datetime import datetime

NOT_YET = 3
BAD_INPUT = 2


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant with an offset or Z; naive instants are refused (UTC is meant)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"'{text}' has no offset; write it in UTC, e.g. 2010-12-02T00:00:00Z")
    return value


def boundary_of(health: dict) -> datetime | None:
    """The batch boundary of a /api/health answer; None when no hour is batched yet."""
    batch = health.get("batch")
    if not isinstance(batch, dict) or "boundary" not in batch:
        raise ValueError("the answer has no batch.boundary field")
    boundary = batch["boundary"]
    return None if boundary is None else parse_instant(boundary)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serving-url", required=True, help="e.g. http://serving-layer:8080")
    parser.add_argument("--until", required=True,
                        help="the instant the boundary must reach, e.g. 2010-12-02T00:00:00Z")
    parser.add_argument("--timeout", type=float, default=30.0, help="HTTP timeout, seconds")
    args = parser.parse_args(argv)
    try:
        until = parse_instant(args.until)
    except ValueError as e:
        print(f"--until: {e}", file=sys.stderr)
        return BAD_INPUT

    url = args.serving_url.rstrip("/") + "/api/health"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            health = json.load(response)
    except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
        print(f"The serving layer at {url} does not answer ({e}); trying again later")
        return NOT_YET

    try:
        boundary = boundary_of(health)
    except ValueError as e:
        print(f"{url}: {e}", file=sys.stderr)
        return BAD_INPUT

    if boundary is not None and boundary >= until:
        print(f"Batch boundary {boundary.isoformat()} has reached {until.isoformat()}")
        return 0
    shown = "not set" if boundary is None else boundary.isoformat()
    print(f"Batch boundary {shown} has not reached {until.isoformat()} yet")
    return NOT_YET


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
