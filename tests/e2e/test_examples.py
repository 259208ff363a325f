"""The examples run as documented (so that they do not rot)."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import ROOT, SAMPLE


def test_pipeline_example(tmp_path):
    out = tmp_path / "roster"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "pipeline.py"), str(SAMPLE),
                           "--out", str(out), "--time-limit", "3", "--replications", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "independent check: clean" in done.stdout
    for name in ("roster.csv", "activities.csv", "coverage.csv", "employees_summary.csv",
                 "summary.json", "simulation.csv", "simulation_summary.json"):
        assert (out / name).exists(), name
