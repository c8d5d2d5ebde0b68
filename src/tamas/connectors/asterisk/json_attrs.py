"""The `attrs` column: a JSON object built with column operations.

Encoding a struct per row costs several times more on a million rows than joining
strings, so members are written as text: keys sorted, null members left out, text values
escaped by one multi-pattern replace, other values (numbers, booleans) in their JSON
spelling. All members null gives null, as `events_to_frame` writes an empty attrs.
"""

from __future__ import annotations

import polars as pl

_ESCAPES = {**{chr(code): f"\\u{code:04x}" for code in range(32)}, "\\": "\\\\", '"': '\\"'}


def _json(value: pl.Expr, quoted: bool) -> pl.Expr:
    if quoted:
        return pl.concat_str([pl.lit('"'), value.str.replace_many(_ESCAPES), pl.lit('"')])
    return value.cast(pl.String)


def attrs_json(members: dict[str, tuple[pl.Expr, bool]]) -> pl.Expr:
    """A JSON object of `key: (value, is_text)`; numbers and booleans go unquoted."""
    if not members:
        return pl.lit(None, pl.String)
    ordered = sorted(members.items())
    texts = [
        pl.concat_str([pl.lit(f'"{key}":'), _json(value, quoted)])
        for key, (value, quoted) in ordered
    ]
    present = [value.is_not_null() for _, (value, _) in ordered]
    if len(texts) == 1:
        return pl.when(present[0]).then(pl.concat_str([pl.lit("{"), texts[0], pl.lit("}")]))
    body = pl.concat_str(
        [pl.when(is_set).then(text) for is_set, text in zip(present, texts, strict=True)],
        separator=",",
        ignore_nulls=True,
    )
    return pl.when(pl.any_horizontal(present)).then(pl.concat_str([pl.lit("{"), body, pl.lit("}")]))
