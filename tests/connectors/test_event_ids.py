"""Event ids computed a batch at a time equal the Python definition."""

from __future__ import annotations

from itertools import pairwise

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tamas.connectors.asterisk.event_ids import EventIdHasher, OccurrenceCounter
from tamas.events import stable_event_id

texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)


@settings(deadline=None)  # each example opens a DuckDB connection: slow on a busy machine
@given(rows=st.lists(st.tuples(texts, st.integers(0, 10**6)), max_size=20), source=texts)
def test_batch_ids_equal_stable_event_id(rows: list[tuple[str, int]], source: str):
    frame = pl.DataFrame(rows, schema={"line": pl.String, "n": pl.Int64}, orient="row")
    hasher = EventIdHasher()
    try:
        ids = hasher.ids(frame, source, ["line", "n"]).to_list()
    finally:
        hasher.close()
    assert ids == [stable_event_id(source, line, n) for line, n in rows]


@given(
    lines=st.lists(st.sampled_from(["a", "b", "a|b", "ā", ""]), max_size=40),
    cuts=st.lists(st.integers(0, 40), max_size=5),
)
def test_occurrences_count_earlier_identical_lines_across_batches(
    lines: list[str], cuts: list[int]
):
    bounds = sorted({0, len(lines), *(min(cut, len(lines)) for cut in cuts)})
    counter = OccurrenceCounter()
    counted = []
    for start, end in pairwise(bounds):
        counted.extend(counter.occurrences(pl.Series(lines[start:end], dtype=pl.String)))
    assert counted == [lines[:index].count(line) for index, line in enumerate(lines)]
