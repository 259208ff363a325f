"""Reports on a roster: coverage, KPIs, the per-employee summary and summary.json."""
