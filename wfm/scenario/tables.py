"""Read CSV files with pandas, keeping each row's line number for error messages."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..errors import ProblemList


def decode_utf8(raw: bytes, path: str, problems: ProblemList) -> str | None:
    """UTF-8 text (a BOM is allowed); a bad byte is reported on the line it sits on."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(path, line, "", f"byte 0x{raw[exc.start]:02x} is not UTF-8 "
                     "(save the file as UTF-8)")
        return None


def read_table(path: Path, required: list[str], problems: ProblemList,
               must_exist: bool = True) -> pd.DataFrame | None:
    """Rows of a CSV as strings, with a `_line` column (the header is line 1).

    Blank lines are skipped but still counted. Returns None when the file cannot be
    used at all; the reason is in `problems`.
    """
    name = str(path)
    if not path.exists():
        if must_exist:
            problems.add(name, 0, "", "file is missing")
        return None
    text = decode_utf8(path.read_bytes(), name, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(name, 0, "", "file is empty (a header line is needed)")
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False, skipinitialspace=True)
    except pd.errors.ParserError as exc:
        problems.add(name, _parser_line(str(exc)), "", f"cannot read CSV: {exc}")
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        problems.add(name, 1, column, "required column is missing "
                     f"(header has: {', '.join(frame.columns)})")
    duplicated = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    for column in duplicated:
        problems.add(name, 1, column, "column appears twice in the header")
    if missing or duplicated:
        return None
    frame = frame.fillna("").astype(str)
    frame = frame.apply(lambda col: col.str.strip())
    frame["_line"] = range(2, len(frame) + 2)
    blank = (frame.drop(columns="_line") == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def _parser_line(message: str) -> int:
    words = message.replace(",", " ").split()
    for i, word in enumerate(words):
        if word == "line" and i + 1 < len(words) and words[i + 1].isdigit():
            return int(words[i + 1])
    return 0


def parse_number(text: str, *, integer: bool = False) -> float | int:
    """A number from a CSV cell; raises ValueError with a readable reason."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{text}' is not a finite number")
    if integer:
        if value != int(value):
            raise ValueError(f"'{text}' is not a whole number")
        return int(value)
    return value
