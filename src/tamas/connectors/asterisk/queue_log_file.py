"""The Asterisk queue_log file, read in batches of lines and mapped onto events.

Every generation from 1.8 to 22 writes the same line (main/logger.c):
`<Unix time>|<callid>|<queuename>|<agent>|<event>|<data fields joined by |>`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

import polars as pl

from tamas.connectors.asterisk.batch import ParsedBatch, source_batches
from tamas.connectors.asterisk.lines import read_line_batches
from tamas.connectors.asterisk.queue_log_mapping import HEAD, SOURCE, map_lines
from tamas.events import EVENT_COLUMNS

LATEST_TIME = 253_402_300_799
"""9999-12-31T23:59:59Z: a larger number is not a time Asterisk wrote."""


def _with_time(lines: pl.DataFrame) -> pl.DataFrame:
    """Cut each line at `|` and read the Unix time that starts it."""
    parts = pl.col("parts")
    text = parts.list.get(0)
    seconds = text.cast(pl.Int64, strict=False)
    valid = seconds.is_between(0, LATEST_TIME).fill_null(False)
    return lines.with_columns(pl.col("line").str.split("|").alias("parts")).with_columns(
        pl.when(valid).then(pl.from_epoch(seconds, "s").dt.replace_time_zone("UTC")).alias("ts"),
        pl.when(~valid & (parts.list.len() >= HEAD))
        .then(pl.format("time '{}' is not a Unix time in whole seconds", text))
        .alias("problem"),
    )


def read_queue_log(
    path: Path,
    *,
    batch_lines: int = 200_000,
    event_ids: bool = True,
    columns: Collection[str] = EVENT_COLUMNS,
) -> Iterator[ParsedBatch]:
    """The events of a queue_log file, one batch per `batch_lines` lines.

    Blank lines are ignored; lines that cannot be read are skipped and described in the
    batch's `bad_lines`. With `event_ids=False` the `event_id` column stays null (a report
    straight from the file needs no ids), and so do the event columns not in `columns`
    (a KPI report reads a few: `tamas.kpi.KPI_COLUMNS`). Raises `InputError` if the file
    cannot be read or has no valid line (after yielding the batches it did read).
    """
    path = Path(path)
    with source_batches(path, "queue_log", id_source=SOURCE if event_ids else None) as source:
        for lines in read_line_batches(path, batch_lines):
            content = lines.filter(pl.col("line").str.strip_chars() != "")
            if event_ids:
                frame = _with_time(content.with_columns(source.occurrences(content["line"])))
                mapped = map_lines(frame, columns)
                bad = mapped.bad
            else:
                # Without ids the lines' text is only needed for the bad ones: it is not
                # carried through the mapping, and the bad lines get it back by number.
                mapped = map_lines(_with_time(content).drop("line"), columns)
                bad = mapped.bad.join(content, on="line_no", how="left")
            yield source.batch(mapped.events, bad, lines.height, ["line", "n"])
