"""Several models' operation counts side by side with the published ImageNet numbers (one pandas frame).

The published values come from ``bcdsim/data/published_imagenet.csv`` (each row names its source).
Only zoo models named by their zoo name are matched with a published row; a user's checkpoint is
labelled by its file name and has no published values (its weights may differ from the paper's).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pandas as pd

from bcdsim.cost.counts import OpCounts, Totals
from bcdsim.ir.graph import Graph
from bcdsim.report.ops_table import blocks_frame, layers_frame

PUBLISHED_FILE = "bcdsim/data/published_imagenet.csv"
DEFAULT_MODELS = ("bcdnet-a", "bcdnet-b", "reactnet-a", "reactnet-b", "reactnet-c", "bireal-18", "bireal-34")
# zoo name -> its row in the published table
PUBLISHED_NAMES = {"bcdnet-a": "BCDNet-A", "bcdnet-b": "BCDNet-B", "reactnet-a": "ReActNet-A",
                   "reactnet-b": "ReActNet-B", "reactnet-c": "ReActNet-C", "bireal-18": "Bi-Real-18",
                   "bireal-34": "Bi-Real-34"}
# profile -> the published table's (BOPs e9, FLOPs e8, OPs e8) columns it is comparable with
PUBLISHED_COLUMNS = {"paper": ("bops_e9", "flops_e8", "ops_e8"),
                     "extended": ("bops_e9", "flops_e8_recount", "ops_e8_recount")}

COLUMNS = ["model", "arch", "input", "bops", "flops", "ops_x1e8", "params_binary", "params_real", "weight_mb",
           "published_bops_e9", "published_flops_e8", "published_ops_e8",
           "diff_bops_e9", "diff_flops_e8", "diff_ops_e8", "published_top1", "published_source"]


@dataclass(frozen=True)
class CountedModel:
    """One model's totals and per-stage (top-level block) counts."""

    label: str  # what the user named: zoo name or file name
    arch: str | None  # zoo architecture (None for a foreign model)
    input_shape: tuple[int, ...]
    published_name: str | None  # row of the published table, zoo names only
    totals: Totals
    stages: pd.DataFrame  # blocks_frame(): block, bops, flops, ops, params...

    @property
    def name(self) -> str:
        """The name plots show: the paper's spelling for zoo models, else the label."""
        return self.published_name or self.label

    @classmethod
    def from_counts(cls, label: str, arch: str | None, input_shape: tuple[int, ...], published_name: str | None,
                    graph: Graph, counts: OpCounts) -> CountedModel:
        sources = {n.name: n.source for n in graph}
        return cls(label, arch, tuple(input_shape), published_name, counts.totals,
                   blocks_frame(layers_frame(counts, sources)))


def published_table() -> pd.DataFrame:
    """The published ImageNet rows (package data), indexed by model name."""
    path = resources.files("bcdsim") / "data" / "published_imagenet.csv"
    with path.open("r", encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"wa": str, "source": str})
    return table.set_index("model")


def published_source(row: pd.Series, profile: str) -> str:
    source = str(row["source"])
    recount = profile == "extended" and pd.notna(row[PUBLISHED_COLUMNS["extended"][2]])
    return f"{source} (recount columns)" if recount else source


def comparison_frame(models: list[CountedModel], profile: str, published: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per model: counted totals, the published values for ``profile`` and counted - published."""
    published = published_table() if published is None else published
    pub_cols = PUBLISHED_COLUMNS[profile]
    rows = []
    for m in models:
        t = m.totals
        row = {"model": m.label, "arch": m.arch or "", "input": "x".join(map(str, m.input_shape)),
               "bops": t.bops, "flops": t.flops, "ops_x1e8": round(t.ops_x1e8, 6),
               "params_binary": t.params_binary, "params_real": t.params_real, "weight_mb": round(t.weight_mb, 6),
               "published_source": ""}
        counted = {"bops_e9": t.bops / 1e9, "flops_e8": t.flops / 1e8, "ops_e8": t.ops_x1e8}
        pub = published.loc[m.published_name] if m.published_name in published.index else None
        for quantity, column in zip(("bops_e9", "flops_e8", "ops_e8"), pub_cols):
            value = pub[column] if pub is not None else float("nan")
            row[f"published_{quantity}"] = value
            row[f"diff_{quantity}"] = round(counted[quantity] - value, 6) if pd.notna(value) else float("nan")
        row["published_top1"] = pub["top1"] if pub is not None else float("nan")
        if pub is not None and any(pd.notna(row[f"published_{q}"]) for q in ("bops_e9", "flops_e8", "ops_e8", "top1")):
            row["published_source"] = published_source(pub, profile)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def published_only(published: pd.DataFrame, counted_names: set[str], profile: str) -> pd.DataFrame:
    """Published rows with a top-1 and an OPs value for ``profile`` that were not counted here."""
    ops_col = PUBLISHED_COLUMNS[profile][2]
    rest = published[~published.index.isin(counted_names)]
    rest = rest[rest["top1"].notna() & rest[ops_col].notna()]
    return pd.DataFrame({"name": rest.index, "ops_e8": rest[ops_col].to_numpy(), "top1": rest["top1"].to_numpy(),
                         "source": rest["source"].to_numpy()})


MARKDOWN_FORMATS = {"ops_x1e8": ".4f", "weight_mb": ".2f", "published_bops_e9": ".2f", "published_flops_e8": ".2f",
                    "published_ops_e8": ".2f", "diff_bops_e9": "+.4f", "diff_flops_e8": "+.4f",
                    "diff_ops_e8": "+.4f", "published_top1": ".1f"}


def to_markdown(frame: pd.DataFrame, profile: str) -> str:
    """The comparison frame as a Markdown document: a title, the table, and what the columns mean."""
    floatfmt = tuple(MARKDOWN_FORMATS.get(c, "g") for c in frame.columns)
    cells = frame.astype(object).where(frame.notna(), None)  # tabulate leaves None (not NaN) cells empty
    table = cells.to_markdown(index=False, floatfmt=floatfmt, intfmt=",", missingval="")
    return "\n".join([
        f"# Operation counts compared with published ImageNet numbers (profile `{profile}`)",
        "",
        "Generated by `bcdsim compare`. Counted per image at each model's input shape: BOPs are MACs with",
        "binary input and weights, FLOPs are MACs of real-valued convs and linears, OPs = BOPs/64 + FLOPs",
        "(DESIGN.md §4)." + ("\nThe extended profile adds one FLOP per output element of BatchNorm, RSign, RPReLU"
                            " and the alpha multiply,\nand compares with the recount columns of BCDNet's table."
                            if profile == "extended" else ""),
        "",
        table,
        "",
        f"Published values (units: BOPs 1e9, FLOPs and OPs 1e8, top-1 %) are from `{PUBLISHED_FILE}`;",
        "`published_source` names the paper or README of each row. `diff_*` = counted - published, in the",
        "published units; the published values are rounded to two decimals. Weight memory counts 1 bit per",
        "binary and 32 bits per real weight (MB = 1e6 bytes).",
        "",
    ])
