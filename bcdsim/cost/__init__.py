"""Analyses of IR graphs: operation counts (and, later, hardware cost)."""
from bcdsim.cost.counts import PROFILES, NodeCount, OpCounts, Totals, count_ops

__all__ = ["PROFILES", "NodeCount", "OpCounts", "Totals", "count_ops"]
