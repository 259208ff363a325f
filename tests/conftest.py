"""Shared fixtures: paths to the shared reference data and tiny scenario builders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference" / "queueing_cases.json"
SAMPLE = ROOT / "data" / "hotline_week"


@pytest.fixture(scope="session")
def reference() -> dict:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is not present")
    return json.loads(REFERENCE.read_text())
