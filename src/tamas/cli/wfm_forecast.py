"""`tamas wfm forecast` and `tamas wfm backtest`: contact volume ahead, and how far to trust it.

The history is a `ds,y` CSV or the event log (`--db`); special days come from a CSV or
TOML file. This module reads and writes files and turns every problem into an
`InputError` naming the file, line and field; the forecasting is `tamas.wfm.forecast`.
"""

from __future__ import annotations

import csv
import json
import math
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime
import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from tamas.cli.options import DatabaseOption, open_log
from tamas.errors import InputError
from tamas.wfm.forecast import (
    ForecastInputError,
    ForecastOptions,
    SpecialDay,
    VolumeGrid,
    check_countries,
    forecast_grid,
    history_from_events,
    parse_frequency,
    parse_lift,
    volume_grid,
)
from tamas.wfm.forecast import backtest as run_backtest

T = TypeVar("T")

MISSING = {"", "na", "nan", "null"}
"""How a history row says its volume is unknown (its day is then missing, not zero)."""


class OutputFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    TABLE = "table"


class ScoreFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


class CalendarName(StrEnum):
    GREGORIAN = "gregorian"
    JALALI = "jalali"


HistoryOption = Annotated[
    Path | None, typer.Option("--history", help="CSV of past volume: columns ds,y.")
]
QueueOption = Annotated[
    list[str] | None,
    typer.Option("--queue", help="With --db: only these queues (repeat for several)."),
]
HorizonOption = Annotated[
    int, typer.Option("--horizon", help="Days ahead (at --freq 30min, each day is 48 rows).")
]
FreqOption = Annotated[
    str, typer.Option("--freq", help="D for day totals, or an interval: 15min, 30min, 60min.")
]
HolidaysOption = Annotated[
    list[str] | None,
    typer.Option(
        "--holidays", help="Country whose public holidays count: IR, IL... (repeat or IR,IL)."
    ),
]
EventsOption = Annotated[
    Path | None,
    typer.Option("--events", help="Special days (CSV or TOML): date[,end],name,lift."),
]
LevelOption = Annotated[
    float, typer.Option("--level", help="Prediction interval coverage in per cent.")
]
TzOption = Annotated[
    str, typer.Option("--tz", help="The center's time zone (intervals start at its midnight).")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", help="Write to this file instead of the terminal.")
]


def _line_error(path: Path, line: int, problem: str) -> InputError:
    return InputError(f"{path}:{line}: {problem}")


def _checked(where: str, make: Callable[[], T]) -> T:
    """What `make` returns; a forecasting error becomes an input error about `where`."""
    try:
        return make()
    except ForecastInputError as error:
        raise InputError(f"{where}: {error}") from None


@contextmanager
def _csv_rows(path: Path, required: set[str]) -> Iterator[Iterator[tuple[int, dict[str, str]]]]:
    """The rows of a CSV file as (line number, {column: text}), its header checked."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        header = {name.strip().lower() for name in reader.fieldnames or []}
        if not required <= header:
            expected = ",".join(sorted(required))
            raise _line_error(
                path, 1, f"expected a header with the columns {expected}, got {reader.fieldnames}"
            )

        def rows() -> Iterator[tuple[int, dict[str, str]]]:
            for row in reader:
                cleaned = {
                    (key or "").strip().lower(): (value or "").strip() for key, value in row.items()
                }
                yield reader.line_num, cleaned

        yield rows()


def _parse_ds(path: Path, line: int, text: str, zone: ZoneInfo) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _line_error(
            path, line, f"ds: expected an ISO date or time such as 2025-01-04 08:30, got {text!r}"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone).replace(tzinfo=None)
    return moment


def _parse_volume(path: Path, line: int, text: str) -> float | None:
    if text.lower() in MISSING:
        return None
    try:
        volume = float(text)
    except ValueError:
        raise _line_error(path, line, f"y: expected a number of contacts, got {text!r}") from None
    if not math.isfinite(volume):
        raise _line_error(path, line, f"y: expected a finite number of contacts, got {text!r}")
    if volume < 0:
        raise _line_error(path, line, f"y: volumes cannot be negative, got {text!r}")
    return volume


def read_history_csv(path: Path, zone: ZoneInfo) -> pl.DataFrame:
    """A `ds,y` history file as a frame; times with an offset are moved to the center's zone."""
    stamps: list[datetime] = []
    volumes: list[float | None] = []
    with _csv_rows(path, {"ds", "y"}) as rows:
        for line, row in rows:
            stamps.append(_parse_ds(path, line, row["ds"], zone))
            volumes.append(_parse_volume(path, line, row["y"]))
    if not stamps:
        raise InputError(f"{path}: the history has no rows")
    return pl.DataFrame(
        {"ds": stamps, "y": volumes}, schema={"ds": pl.Datetime("us"), "y": pl.Float64}
    )


def _parse_day(where: str, value: Any) -> date:
    """A date from an ISO text or a TOML date; a year before 1700 is a Jalali (Solar Hijri) one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        day = date.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        try:
            day = jdatetime.date.fromisoformat(str(value).strip().replace("/", "-")).togregorian()
        except ValueError:
            raise InputError(
                f"{where}: expected a date such as 2025-03-21 or 1404-01-01, got {value!r}"
            ) from None
        return day
    if day.year < 1700:
        return jdatetime.date(day.year, day.month, day.day).togregorian()
    return day


def _special_day(where: str, entry: dict[str, Any]) -> SpecialDay:
    for field in ("date", "name", "lift"):
        if entry.get(field) in (None, ""):
            raise InputError(f"{where}: {field}: missing (expected date, name and lift)")
    start = _parse_day(f"{where}: date", entry["date"])
    end = _parse_day(f"{where}: end", entry["end"]) if entry.get("end") else start
    return _checked(
        where, lambda: SpecialDay(start, end, str(entry["name"]), parse_lift(str(entry["lift"])))
    )


def read_special_days(path: Path) -> list[SpecialDay]:
    """Special days from a CSV (`date,name,lift` and optional `end`) or a TOML file with
    `[[day]]` tables of the same keys."""
    if path.suffix.lower() == ".toml":
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise InputError(f"{path}: not a TOML file: {error}") from None
        entries = document.get("day", [])
        if not isinstance(entries, list):
            raise InputError(f"{path}: expected [[day]] tables with date, name and lift")
        return [_special_day(f"{path}: day {i}", entry) for i, entry in enumerate(entries, 1)]
    with _csv_rows(path, {"date", "name", "lift"}) as rows:
        return [_special_day(f"{path}:{line}", row) for line, row in rows]


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--tz: unknown time zone {tz!r} (expected e.g. Asia/Tehran)") from None


def _history(
    history: Path | None, db: str | None, queue: list[str] | None, tz: str
) -> pl.DataFrame:
    if (history is None) == (db is None):
        raise InputError("give either --history FILE.csv or --db URL (one of them)")
    zone = _zone(tz)
    if history is not None:
        if queue:
            raise InputError("--queue selects queues of the event log: use it with --db")
        return read_history_csv(history, zone)
    events = open_log(db).read(queues=queue or None)
    return _checked("--db", lambda: history_from_events(events, tz, queue))


def _prepare(
    history: Path | None,
    db: str | None,
    queue: list[str] | None,
    horizon: int,
    freq: str,
    holidays: list[str] | None,
    events: Path | None,
    level: float,
    tz: str,
) -> tuple[VolumeGrid, ForecastOptions, str]:
    """The history's grid, the forecast options (each option checked with its name) and
    the name of the history for messages."""
    frequency = _checked("--freq", lambda: parse_frequency(freq))
    countries = _checked(
        "--holidays",
        lambda: check_countries(code for text in holidays or [] for code in text.split(",")),
    )
    if horizon <= 0:
        raise InputError(f"--horizon: expected a number of days of at least 1, got {horizon}")
    if not 0 < level < 100:
        raise InputError(f"--level: expected a percentage between 0 and 100, got {level:g}")
    special_days = tuple(read_special_days(events)) if events else ()
    options = ForecastOptions(
        horizon_days=horizon, level=level, countries=countries, special_days=special_days
    )
    frame = _history(history, db, queue, tz)
    source = str(history) if history else "--db"
    return _checked(source, lambda: volume_grid(frame, frequency)), options, source


@contextmanager
def _destination(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", newline="", encoding="utf-8") as stream:
        yield stream


def _shown_day(moment: date, calendar: CalendarName, with_time: bool) -> str:
    if calendar is CalendarName.JALALI:
        if with_time:
            shown = jdatetime.datetime.fromgregorian(datetime=moment, locale="fa_IR")
            return shown.strftime("%Y/%m/%d %A %H:%M")
        return jdatetime.date.fromgregorian(date=moment, locale="fa_IR").strftime("%Y/%m/%d %A")
    return moment.strftime("%Y-%m-%d %a %H:%M" if with_time else "%Y-%m-%d %a")


def write_forecast(
    frame: pl.DataFrame, output_format: OutputFormat, calendar: CalendarName, stream: IO[str]
) -> None:
    """JSON and CSV keep ISO dates and exactly `ds,yhat,yhat_lo,yhat_hi` (the CSV feeds
    `tamas wfm staff --forecast`); the table is for people, in their calendar, with notes."""
    values = ("yhat", "yhat_lo", "yhat_hi")
    rounded = frame.with_columns(pl.col(values).round(2))
    if output_format is OutputFormat.TABLE:
        with_time = frame.schema["ds"] != pl.Date
        table = Table("ds", *values, "note")
        for row in rounded.iter_rows(named=True):
            table.add_row(
                _shown_day(row["ds"], calendar, with_time),
                *(f"{row[name]:,.1f}" for name in values),
                row["note"],
            )
        Console(file=stream, width=200).print(table)
        return
    iso_format = "%Y-%m-%d" if frame.schema["ds"] == pl.Date else "%Y-%m-%dT%H:%M:%S"
    iso = rounded.select(pl.col("ds").dt.to_string(iso_format), *values)
    if output_format is OutputFormat.CSV:
        iso.write_csv(stream)
    else:
        stream.write(json.dumps(iso.to_dicts(), ensure_ascii=False, indent=1) + "\n")


def write_scores(report: dict, output_format: ScoreFormat, stream: IO[str]) -> None:
    if output_format is ScoreFormat.JSON:
        stream.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(
        "model",
        "WAPE",
        "MASE",
        title=f"{report['windows']} windows × "
        f"{report['horizon_days']} days at {report['freq']}, {report['points']} values",
    )
    for name, score in report["scores"].items():
        table.add_row(
            name,
            "-" if score["wape"] is None else f"{score['wape']:.1%}",
            "-" if score["mase"] is None else f"{score['mase']:.3f}",
        )
    Console(file=stream, width=120).print(table)


def forecast(
    horizon: HorizonOption,
    history: HistoryOption = None,
    db: DatabaseOption = None,
    queue: QueueOption = None,
    freq: FreqOption = "D",
    holidays: HolidaysOption = None,
    events: EventsOption = None,
    level: LevelOption = 80.0,
    tz: TzOption = "Asia/Tehran",
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="json and csv rows ds,yhat,yhat_lo,yhat_hi.")
    ] = OutputFormat.JSON,
    calendar: Annotated[
        CalendarName, typer.Option("--calendar", help="Calendar of the dates in --format table.")
    ] = CalendarName.GREGORIAN,
    output: OutputOption = None,
) -> None:
    """Contacts per day or interval for the days after the history, with a prediction interval.

    Weekly and intraday seasonality, public holidays, special days and closed days are
    taken into account; see docs/wfm.md, "Forecasting".
    """
    grid, options, source = _prepare(history, db, queue, horizon, freq, holidays, events, level, tz)
    frame = _checked(source, lambda: forecast_grid(grid, options).frame())
    with _destination(output) as stream:
        write_forecast(frame, output_format, calendar, stream)


def backtest(
    horizon: HorizonOption,
    history: HistoryOption = None,
    db: DatabaseOption = None,
    queue: QueueOption = None,
    freq: FreqOption = "D",
    holidays: HolidaysOption = None,
    events: EventsOption = None,
    level: LevelOption = 80.0,
    tz: TzOption = "Asia/Tehran",
    windows: Annotated[
        int, typer.Option("--windows", help="How many rolling origins, one horizon apart.")
    ] = 4,
    output_format: Annotated[
        ScoreFormat, typer.Option("--format", help="How to write the scores.")
    ] = ScoreFormat.JSON,
    output: OutputOption = None,
) -> None:
    """WAPE and MASE of the forecast on the history's own last windows, against seasonal
    naive and AutoETS: whether to trust the forecast."""
    grid, options, source = _prepare(history, db, queue, horizon, freq, holidays, events, level, tz)
    report = _checked(source, lambda: run_backtest(grid, options, windows).as_dict())
    with _destination(output) as stream:
        write_scores(report, output_format, stream)


def register(wfm_app: typer.Typer) -> None:
    """Add `forecast` and `backtest` to the `tamas wfm` command group."""
    wfm_app.command("forecast")(forecast)
    wfm_app.command("backtest")(backtest)
