"""Staffing: Erlang B, C and A, and the agents each queue needs per interval."""

from .agents import Targets, min_agents, on_phones, scheduled_agents
from .erlang_a import ErlangAMetrics, erlang_a
from .erlang_c import ErlangCMetrics, erlang_c
from .requirements import (
                           Requirements,
                           compute_requirements,
                           daily_summary,
                           predict,
                           requirements_for_scheduling,
)
from .special import erlang_b

__all__ = ["ErlangAMetrics", "ErlangCMetrics", "Requirements", "Targets",
           "compute_requirements", "daily_summary", "erlang_a", "erlang_b", "erlang_c",
           "min_agents", "on_phones", "predict", "requirements_for_scheduling",
           "scheduled_agents"]
