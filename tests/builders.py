"""Write small scenario directories for tests, one behaviour at a time."""

from __future__ import annotations

from pathlib import Path

BASE_TOML = """name = "tiny"
timezone = "{tz}"

[horizon]
start = {start}
days = {days}
interval_minutes = {step}

[[queues]]
name = "general"
aht_seconds = 300
service_level = 0.8
answer_seconds = 20

[[sites]]
name = "hq"
seats = {seats}

[remote]
seats = {remote_seats}
loaner_kits = {kits}

[[shifts]]
name = "day"
earliest_start = "{earliest}"
latest_start = "{latest}"
start_step_minutes = {start_step}
lengths_minutes = [{lengths}]
{extra}
"""


def scenario_toml(tz="Asia/Shanghai", start="2020-01-27", days=1, step=15, seats=10,
                  remote_seats=0, kits=0, earliest="08:00", latest="10:00", start_step=60,
                  lengths="480", extra="") -> str:
    return BASE_TOML.format(tz=tz, start=start, days=days, step=step, seats=seats,
                            remote_seats=remote_seats, kits=kits, earliest=earliest,
                            latest=latest, start_step=start_step, lengths=lengths, extra=extra)


def write_scenario(root: Path, toml: str | None = None, files: dict[str, str] | None = None,
                   **toml_args) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "scenario.toml").write_text(toml if toml is not None else scenario_toml(**toml_args))
    for name, text in (files or {}).items():
        path = root / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    return root
