"""Stable event ids for a whole batch at once, equal to `tamas.events.stable_event_id`.

An import reads a million lines; hashing them one by one in Python would cost more than
parsing them. DuckDB's `md5` over the batch gives exactly the id the Python function
gives for the same parts (MD5 of the parts joined by U+001F), so a line imported by
this path and one identified elsewhere by the function agree.

A source line's identity is its text plus how many identical lines came before it in
the same file (`OccurrenceCounter`), so a line repeated on purpose is not lost and a
re-import of the file is a no-op.
"""

from __future__ import annotations

import duckdb
import polars as pl


class _ArrowStream:
    """Hands a frame to DuckDB through the Arrow PyCapsule interface (no pyarrow needed)."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._frame.__arrow_c_stream__(requested_schema)


class EventIdHasher:
    """Computes `stable_event_id` for whole batches in one DuckDB connection, kept open
    for all the batches of a source (opening one costs more than hashing a batch)."""

    def __init__(self) -> None:
        self._connection = duckdb.connect()

    def ids(self, frame: pl.DataFrame, source: str, parts: list[str]) -> pl.Series:
        """`stable_event_id(source, *row[parts])` for every row of `frame`.

        Every part column must be non-null; integers are written in decimal as `str` does.
        """
        if frame.is_empty():
            return pl.Series("event_id", [], pl.String)
        joined = " || chr(31) || ".join(
            ["$source", *(f'CAST(batch."{part}" AS VARCHAR)' for part in parts)]
        )
        self._connection.register("batch", _ArrowStream(frame.select(parts)))
        try:
            query = f"SELECT md5({joined}) AS event_id FROM batch"
            return self._connection.sql(query, params={"source": source}).pl().to_series()
        finally:
            self._connection.unregister("batch")

    def close(self) -> None:
        self._connection.close()


class OccurrenceCounter:
    """Counts, for each line of a file read in batches, the identical lines before it.

    It keeps two 64-bit hashes of every line seen (not the lines), so the count is right
    across batch boundaries at 16 bytes a line. Identical lines are rare, so the exact
    count is only worked out for the few lines whose hash was seen before.
    """

    _SEEDS = (0x7A4D, 0x3C91)

    def __init__(self) -> None:
        self._seen = pl.DataFrame(schema={"h0": pl.UInt64, "h1": pl.UInt64})

    def occurrences(self, lines: pl.Series) -> pl.Series:
        """For each line, how many identical lines this counter saw before (earlier batches
        or earlier in this one)."""
        keys = pl.DataFrame(
            {"h0": lines.hash(seed=self._SEEDS[0]), "h1": lines.hash(seed=self._SEEDS[1])}
        ).with_row_index("row")
        repeated = keys.select("h0", "h1").is_duplicated() | keys["h0"].is_in(
            self._seen["h0"].implode()
        )
        candidates = keys.filter(repeated)
        earlier = (
            self._seen.join(candidates.select("h0", "h1").unique(), on=["h0", "h1"])
            .group_by("h0", "h1")
            .agg(pl.len().alias("earlier"))
        )
        counted = candidates.join(
            earlier, on=["h0", "h1"], how="left", maintain_order="left"
        ).select(
            "row",
            (
                pl.int_range(pl.len(), dtype=pl.UInt32).over("h0", "h1")
                + pl.col("earlier").fill_null(0)
            ).alias("n"),
        )
        self._seen = pl.concat([self._seen, keys.select("h0", "h1")])
        return (
            pl.zeros(keys.height, pl.UInt32, eager=True)
            .alias("n")
            .scatter(counted["row"], counted["n"])
        )
