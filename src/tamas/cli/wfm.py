"""`tamas wfm`: staffing from call volumes, for one interval or a whole forecast file.

The maths lives in `tamas.wfm.erlang`; this module only reads options and files, checks
them, and writes the answer as a table, JSON or CSV. Bad input ends with one line on
stderr naming the option, or the file, line and column, and exit code 2.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from tamas.cli import wfm_forecast, wfm_schedule
from tamas.errors import InputError
from tamas.wfm import Staffing, Target, Traffic, erlang_x, staff

app = typer.Typer(
    help="Workforce management: forecast contacts, agents needed per interval (Erlang C; "
    "Erlang A with --patience; Erlang X with --retrial-probability), shifts and breaks that "
    "cover them.",
    no_args_is_help=True,
)
wfm_forecast.register(app)
wfm_schedule.register(app)


class ErlangFormat(StrEnum):
    table = "table"
    json = "json"


class StaffFormat(StrEnum):
    csv = "csv"
    json = "json"


Aht = Annotated[float, typer.Option("--aht", help="Average handling time, seconds.")]
TargetSl = Annotated[
    float, typer.Option("--target-sl", help="Share of calls to answer within --threshold.")
]
Threshold = Annotated[float, typer.Option("--threshold", help="Service level threshold, seconds.")]
Patience = Annotated[
    float | None,
    typer.Option(
        "--patience", help="Callers' mean patience, seconds: use Erlang A (abandons) not C."
    ),
]
MaxOccupancy = Annotated[
    float, typer.Option("--max-occupancy", help="Highest share of time agents may be busy.")
]
Shrinkage = Annotated[
    float,
    typer.Option("--shrinkage", help="Share of paid time not available for calls (0 to <1)."),
]
DEFAULT_RETRIAL_DELAY_S = 300.0
RetrialProbability = Annotated[
    float | None,
    typer.Option(
        "--retrial-probability",
        help="Share of callers who hang up (or find every line busy) and call again: use "
        "Erlang X. Needs --patience.",
    ),
]
RetrialDelay = Annotated[
    float | None,
    typer.Option(
        "--retrial-delay",
        help=f"Mean seconds before such a caller calls again (default "
        f"{DEFAULT_RETRIAL_DELAY_S:g}). Needs --retrial-probability.",
    ),
]
Lines = Annotated[
    int | None,
    typer.Option(
        "--lines",
        help="Lines (trunks) into the queue, talking or waiting; a caller finding all busy "
        "is blocked. Needs --retrial-probability (0 if nobody calls again).",
    ),
]

CALL_COLUMNS = ("yhat", "y")


@app.command()
def erlang(
    *,
    calls: Annotated[float, typer.Option("--calls", help="Calls offered in the interval.")],
    aht: Aht,
    interval: Annotated[float, typer.Option("--interval", help="Interval, minutes.")] = 30,
    target_sl: TargetSl = 0.8,
    threshold: Threshold = 20,
    patience: Patience = None,
    retrial_probability: RetrialProbability = None,
    retrial_delay: RetrialDelay = None,
    lines: Lines = None,
    max_occupancy: MaxOccupancy = 0.85,
    shrinkage: Shrinkage = 0.0,
    output_format: Annotated[
        ErlangFormat, typer.Option("--format", help="How to print the answer.")
    ] = ErlangFormat.table,
) -> None:
    """Agents needed for one interval, and the service they give."""
    _check_number("--calls", calls, "a number of calls >= 0", lambda v: v >= 0)
    target = _checked_target(locals())
    retrials = _checked_retrials(locals())
    traffic = Traffic([calls], aht_s=aht, interval_s=interval * 60, patience_s=patience)
    try:
        result = _staff(traffic, target, shrinkage, retrials)
    except erlang_x.TooFewLinesError as error:
        raise InputError(f"--lines: {error.reason}") from None
    answer = {
        "model": result.model,
        "agents": int(result.agents[0]),
        "agents_scheduled": int(result.agents_scheduled[0]),
        "service_level": float(result.service_level[0]),
        "asa_s": float(result.asa_s[0]),
        "occupancy": float(result.occupancy[0]),
        "p_wait": float(result.p_wait[0]),
        "abandon_rate": float(result.abandon_rate[0]) if patience is not None else None,
    }
    for name, values in _retrial_columns(result, retrials).items():
        answer[name] = None if values is None else float(values[0])
    if output_format is ErlangFormat.json:
        typer.echo(json.dumps(answer))
        return
    table = Table(
        "measure", "value", title=f"{calls:g} calls in {interval:g} min, {answer['model']}"
    )
    for name, value in answer.items():
        if name != "model":
            table.add_row(name, "-" if value is None else f"{value:.4g}")
    Console().print(table)


@app.command("staff")
def staff_command(
    *,
    forecast: Annotated[
        Path, typer.Option("--forecast", help="CSV with ds and yhat (or y): calls per interval.")
    ],
    aht: Aht,
    interval: Annotated[float, typer.Option("--interval", help="Interval, minutes.")],
    target_sl: TargetSl = 0.8,
    threshold: Threshold = 20,
    patience: Patience = None,
    retrial_probability: RetrialProbability = None,
    retrial_delay: RetrialDelay = None,
    lines: Lines = None,
    max_occupancy: MaxOccupancy = 0.85,
    shrinkage: Shrinkage = 0.0,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of to stdout.")
    ] = None,
    output_format: Annotated[
        StaffFormat, typer.Option("--format", help="Output format.")
    ] = StaffFormat.csv,
) -> None:
    """Agents needed in every interval of a forecast."""
    target = _checked_target(locals())
    retrials = _checked_retrials(locals())
    ds, calls = read_forecast(forecast)
    traffic = Traffic(calls, aht_s=aht, interval_s=interval * 60, patience_s=patience)
    try:
        result = _staff(traffic, target, shrinkage, retrials)
    except erlang_x.TooFewLinesError as error:
        raise InputError(f"{forecast}:{error.interval + 2}: {error.reason}") from None
    columns = {
        "ds": ds,
        "calls": calls,
        "agents": result.agents,
        "agents_scheduled": result.agents_scheduled,
        "service_level": result.service_level,
        "asa_s": result.asa_s,
        "occupancy": result.occupancy,
    }
    if patience is not None:
        columns["abandon_rate"] = result.abandon_rate
    for name, values in _retrial_columns(result, retrials).items():
        if values is not None:
            columns[name] = values
    rows = pl.DataFrame(columns)
    text = rows.write_csv() if output_format is StaffFormat.csv else json.dumps(rows.to_dicts())
    if output is None:
        typer.echo(text, nl=output_format is StaffFormat.json)
        return
    try:
        _write_whole(output, text if text.endswith("\n") else text + "\n")
    except OSError as error:
        raise InputError(f"{output}: cannot write: {error.strerror or error}") from None


def read_forecast(path: Path) -> tuple[pl.Series, np.ndarray]:
    """The ``ds`` column (as written) and the calls per interval of a forecast CSV.

    Calls come from ``yhat`` (the forecast command's output) or else ``y``; every value
    must be a finite number >= 0 and every ``ds`` a date-time. Line numbers in errors
    count the header as line 1.
    """
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, pl.exceptions.PolarsError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InputError(f"{path}: not a readable CSV file ({reason})") from None
    column = next((name for name in CALL_COLUMNS if name in frame.columns), None)
    if "ds" not in frame.columns or column is None:
        missing = "ds" if "ds" not in frame.columns else "yhat (or y)"
        raise InputError(f"{path}:1: missing column {missing}; found {', '.join(frame.columns)}")
    if frame.height == 0:
        raise InputError(f"{path}: no intervals after the header")
    text = frame.get_column(column)
    calls = text.str.strip_chars().cast(pl.Float64, strict=False)
    bad = calls.is_null() | ~calls.is_finite() | (calls < 0)
    if bad.any():
        row = int(bad.arg_true()[0])
        raise InputError(
            f"{path}:{row + 2}: column {column}: expected a number of calls >= 0, got {text[row]!r}"
        )
    ds = frame.get_column("ds")
    moments = ds.str.strip_chars().str.to_datetime(strict=False)
    if moments.null_count():
        row = int(moments.is_null().arg_true()[0])
        raise InputError(f"{path}:{row + 2}: column ds: expected a date-time, got {ds[row]!r}")
    return ds, calls.to_numpy()


# Options both commands share: (parameter, option, what is expected, test).
SHARED_OPTIONS: tuple[tuple[str, str, str, Callable[[float], bool]], ...] = (
    ("aht", "--aht", "seconds > 0", lambda v: v > 0),
    ("interval", "--interval", "minutes > 0", lambda v: v > 0),
    ("target_sl", "--target-sl", "a share between 0 and 1", lambda v: 0 < v < 1),
    ("threshold", "--threshold", "seconds >= 0", lambda v: v >= 0),
    ("patience", "--patience", "seconds > 0", lambda v: v > 0),
    ("max_occupancy", "--max-occupancy", "a share in (0, 1]", lambda v: 0 < v <= 1),
    ("shrinkage", "--shrinkage", "a share in [0, 1)", lambda v: 0 <= v < 1),
    ("retrial_probability", "--retrial-probability", "a share in [0, 1)", lambda v: 0 <= v < 1),
    ("retrial_delay", "--retrial-delay", "seconds > 0", lambda v: v > 0),
    ("lines", "--lines", "a number of lines >= 1", lambda v: v >= 1),
)


def _checked_target(options: dict[str, Any]) -> Target:
    """Check the shared options (a command passes its locals()); --patience may be absent."""
    for name, option, expected, valid in SHARED_OPTIONS:
        if options[name] is not None:
            _check_number(option, options[name], expected, valid)
    return Target(
        service_level=options["target_sl"],
        threshold_s=options["threshold"],
        max_occupancy=options["max_occupancy"],
    )


def _checked_retrials(options: dict[str, Any]) -> erlang_x.Retrials | None:
    """Erlang X's options (a command passes its locals()), or None for Erlang C or A.

    --retrial-probability turns it on and needs --patience; --retrial-delay and --lines
    only mean something with it.
    """
    probability = options["retrial_probability"]
    if probability is None:
        for name, option in (("retrial_delay", "--retrial-delay"), ("lines", "--lines")):
            if options[name] is not None:
                raise InputError(f"{option}: needs --retrial-probability (0 if nobody calls again)")
        return None
    if options["patience"] is None:
        raise InputError(
            "--retrial-probability: needs --patience (callers who never hang up never call again)"
        )
    delay = options["retrial_delay"]
    return erlang_x.Retrials(
        probability,
        delay_s=DEFAULT_RETRIAL_DELAY_S if delay is None else delay,
        lines=options["lines"],
    )


def _staff(
    traffic: Traffic, target: Target, shrinkage: float, retrials: erlang_x.Retrials | None
) -> Staffing | erlang_x.RetrialStaffing:
    try:
        if retrials is None:
            return staff(traffic, target, shrinkage=shrinkage)
        return erlang_x.staff(traffic, retrials, target, shrinkage=shrinkage)
    except ArithmeticError as error:
        raise InputError(f"cannot staff these inputs: {error}") from None


def _retrial_columns(
    result: Staffing | erlang_x.RetrialStaffing, retrials: erlang_x.Retrials | None
) -> dict[str, np.ndarray | None]:
    """Erlang X's outputs beyond Erlang A's (none for Erlang C or A); blocked_rate is None
    without --lines."""
    if not isinstance(result, erlang_x.RetrialStaffing) or retrials is None:
        return {}
    return {
        "first_attempt_service_level": result.first_attempt_service_level,
        "blocked_rate": None if retrials.lines is None else result.blocked_rate,
        "lost_rate": result.lost_rate,
        "attempts": result.attempts,
        "effective_load": result.effective_load,
    }


def _check_number(option: str, value: float, expected: str, valid: Callable[[float], bool]) -> None:
    if not (math.isfinite(value) and valid(value)):
        raise InputError(f"{option}: expected {expected}, got {value:g}")


def _write_whole(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, so no half-written file remains."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
