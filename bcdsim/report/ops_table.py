"""Operation-count reports: one pandas frame per view, formatted for the terminal, CSV, Markdown, JSON.

pandas is imported by the frame builders only: JSON output takes ``layer_rows`` as they are
(``bcdsim analyze --format json`` runs without pandas; the values are ints and multiples of 1/64,
which pandas' own JSON writer renders identically).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bcdsim.cost.counts import OpCounts, Totals

if TYPE_CHECKING:
    import pandas as pd

LAYER_COLUMNS = ["layer", "op", "output", "bops", "flops", "ops", "params_binary", "params_real", "weight_bits"]
COUNT_COLUMNS = ["bops", "flops", "params_binary", "params_real", "weight_bits"]


def layer_rows(counts: OpCounts, sources: dict[str, str], everything: bool = False) -> list[dict[str, Any]]:
    """One record (``LAYER_COLUMNS``) per node that does work or holds weights (every node with ``everything``)."""
    rows = []
    for n in counts.nodes:
        if not everything and not (n.bops or n.flops or n.params_binary or n.params_real):
            continue
        rows.append({"layer": sources.get(n.name) or n.name, "op": n.op,
                     "output": "x".join(str(d) for d in n.shape[1:]), "bops": n.bops, "flops": n.flops,
                     "ops": n.bops / 64 + n.flops, "params_binary": n.params_binary,
                     "params_real": n.params_real, "weight_bits": n.weight_bits})
    return rows


def layers_frame(counts: OpCounts, sources: dict[str, str], everything: bool = False) -> pd.DataFrame:
    """``layer_rows`` as a DataFrame."""
    import pandas as pd

    return pd.DataFrame(layer_rows(counts, sources, everything), columns=LAYER_COLUMNS)


def block_of(layer: str) -> str:
    """'feature.3.binary_3x3' -> 'feature.3'; 'mlp_layer.0.mlp_layer.2.bn1' -> 'mlp_layer.0'; 'fc' -> 'fc'."""
    parts = layer.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 and parts[1].isdigit() else parts[0]


def blocks_frame(layers: pd.DataFrame) -> pd.DataFrame:
    """Layers summed per top-level block, in network order."""
    keyed = layers.assign(block=layers["layer"].map(block_of))
    grouped = keyed.groupby("block", sort=False)[COUNT_COLUMNS].sum().reset_index()
    grouped.insert(3, "ops", grouped["bops"] / 64 + grouped["flops"])
    return grouped


def totals_dict(t: Totals) -> dict:
    return {"bops": t.bops, "flops": t.flops, "ops": t.ops, "ops_x1e8": round(t.ops_x1e8, 6),
            "params_binary": t.params_binary, "params_real": t.params_real,
            "weight_bits": t.weight_bits, "weight_mb": round(t.weight_mb, 6),
            "binary_mac_ratio": round(t.binary_mac_ratio, 6)}
