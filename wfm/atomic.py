"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or an HR import) never sees a half-written file, and an error before the
rename leaves the old file, if any, untouched.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def write_text(path: str | Path, text: str) -> None:
    write_many({Path(path): text})


def frame_to_csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, na_rep="", lineterminator="\n")


def write_many(files: dict[Path, str]) -> None:
    """Write several files; all temporary files are complete before the first rename."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
        staged = []
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except OSError:
                pass
