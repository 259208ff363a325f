"""Map TOML key paths to line numbers, so that errors can say `scenario.toml:12: key: ...`.

`tomllib` gives values but no positions. This scanner reads the text once and records
the line of every table header, key and inline-table element, keyed by the same path
that pydantic reports in `loc` (e.g. `("break_rules", 0, "breaks", 2, "latest")`).
"""

from __future__ import annotations

import re

_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\.\"' ]+?)\s*=")
_INLINE_KEY = re.compile(r"([A-Za-z0-9_\-]+)\s*=")

Path = tuple


def _strip_comment(line: str) -> str:
    out, quote = [], None
    for ch in line:
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        out.append(ch)
    return "".join(out)


def _split_key(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in raw.split("."))


def key_lines(text: str) -> dict[Path, int]:
    """Path -> 1-based line number for every key, table and array element found."""
    lines: dict[Path, int] = {}
    counts: dict[tuple[str, ...], int] = {}
    table: Path = ()
    array_path: Path | None = None  # key path of a multi-line array being read
    depth = 0
    element = -1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if array_path is not None:
            element, depth = _scan_array_part(line, array_path, number, lines, depth, element)
            if depth <= 0:
                array_path = None
            continue
        match = _ARRAY_TABLE.match(line)
        if match:
            name = _split_key(match.group(1))
            index = counts.get(name, 0)
            counts[name] = index + 1
            table = name + (index,)
            lines.setdefault(name, number)
            lines[table] = number
            continue
        match = _TABLE.match(line)
        if match:
            table = _split_key(match.group(1))
            lines.setdefault(table, number)
            continue
        match = _KEY.match(line)
        if match:
            path = table + _split_key(match.group(1))
            lines[path] = number
            value = line[match.end():]
            if value.strip().startswith("["):
                element, depth = _scan_array_part(value, path, number, lines, 0, -1)
                if depth > 0:
                    array_path = path
    return lines


def _scan_array_part(text: str, path: Path, number: int, lines: dict[Path, int],
                     depth: int, element: int) -> tuple[int, int]:
    """Track bracket depth through an array value; record each inline table's line."""
    quote = None
    for i, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if ch == "{" and depth == 2:
                element += 1
                lines[path + (element,)] = number
                for key in _INLINE_KEY.findall(text[i:].split("}")[0]):
                    lines[path + (element, key)] = number
        elif ch in "]}":
            depth -= 1
            if depth <= 0:
                return element, 0
    return element, depth


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of the longest known prefix of `path` (0 if none)."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 0
