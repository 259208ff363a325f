"""Small numeric helpers shared by the reports: weighted means and JSON-safe numbers."""

from __future__ import annotations

import math

import numpy as np


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    """Mean of the finite values with positive weight; NaN when there are none."""
    values, weights = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    mask = np.isfinite(values) & (weights > 0)
    if not np.any(mask):
        return float("nan")
    return float(np.sum(values[mask] * weights[mask]) / np.sum(weights[mask]))


def json_number(value: float | None, digits: int = 6) -> float | None:
    """Rounded for a JSON file; None (null) for a missing, infinite or NaN value."""
    return None if value is None or not math.isfinite(value) else round(float(value), digits)
