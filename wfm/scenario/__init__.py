"""Scenario loading: scenario.toml and the CSV files of FORMAT.md, validated once."""

from .config import ScenarioConfig
from .load import load_scenario, require_files
from .model import Availability, Employee, Scenario
from .timegrid import TimeGrid

__all__ = ["Availability", "Employee", "Scenario", "ScenarioConfig", "TimeGrid",
           "load_scenario", "require_files"]
