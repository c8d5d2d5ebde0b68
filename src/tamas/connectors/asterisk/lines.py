"""A text file as frames of numbered lines, read in blocks: never whole, never line by line.

Reading a large file block by block and letting Polars cut each block into lines costs a
fraction of iterating the lines in Python, and keeps memory bounded whatever the file
size. Text is UTF-8; bytes that are not valid UTF-8 become U+FFFD instead of stopping the
import (a queue_log written by a misconfigured system should still be readable).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from tamas.errors import InputError

BLOCK_BYTES = 8 * 1024 * 1024


def _lines_of(block: bytes) -> pl.DataFrame:
    if not block.isascii():
        block = block.decode("utf-8", errors="replace").encode("utf-8")
    return pl.read_lines(block, name="line")


def _blocks(path: Path) -> Iterator[bytes]:
    """The file's bytes in blocks that end at a line end (the last block may not)."""
    try:
        with path.open("rb") as file:
            carry = b""
            while block := file.read(BLOCK_BYTES):
                cut = block.rfind(b"\n")
                if cut < 0:
                    carry += block
                    continue
                yield carry + block[: cut + 1]
                carry = block[cut + 1 :]
            if carry:
                yield carry
    except OSError as error:
        raise InputError(f"{path}: cannot read the file: {error.strerror or error}") from None


def read_line_batches(path: Path, batch_lines: int) -> Iterator[pl.DataFrame]:
    """Frames of at most `batch_lines` lines: `line_no` (1-based) and `line` (without its
    end of line, `\\r\\n` or `\\n`)."""
    if batch_lines < 1:
        raise ValueError("batch_lines must be at least 1")
    pending: list[pl.DataFrame] = []
    pending_rows = 0
    first_line = 1

    def numbered(frame: pl.DataFrame) -> pl.DataFrame:
        nonlocal first_line
        frame = frame.with_row_index("line_no", offset=first_line).with_columns(
            pl.col("line_no").cast(pl.Int64)
        )
        first_line += frame.height
        return frame

    for block in _blocks(path):
        pending.append(_lines_of(block))
        pending_rows += pending[-1].height
        if pending_rows < batch_lines:
            continue
        lines = pl.concat(pending, rechunk=False)
        start = 0
        while lines.height - start >= batch_lines:
            yield numbered(lines.slice(start, batch_lines))
            start += batch_lines
        pending = [lines.slice(start)]
        pending_rows = pending[0].height
    if pending_rows:
        yield numbered(pl.concat(pending))
