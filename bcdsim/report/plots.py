"""Comparison plots of operation counts (matplotlib, Agg canvas, colour-blind-safe Okabe-Ito palette).

Each ``*_figure`` function returns a Figure built from report frames only; ``save`` writes it as PNG
(150 dpi) and SVG with fixed metadata and SVG ids, so regenerating a report gives identical files.
"""
from __future__ import annotations

import functools
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.ticker import FixedLocator, NullLocator, StrMethodFormatter

from bcdsim.report.comparison import PUBLISHED_FILE, CountedModel
from bcdsim.report.labels import place_point_labels, spread

DPI = 150
# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442", "blue": "#0072B2",
             "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000", "grey": "#8C8C8C"}
STYLE = {"font.family": "DejaVu Sans", "font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11.5,
         "xtick.labelsize": 10.5, "ytick.labelsize": 10.5, "legend.fontsize": 10.5, "axes.spines.top": False,
         "axes.spines.right": False, "axes.axisbelow": True, "svg.hashsalt": "bcdsim", "svg.fonttype": "path",
         "path.simplify": True, "figure.dpi": DPI, "savefig.dpi": DPI}
IMAGENET_INPUT = "1x3x224x224"


def styled(fn):
    """Build the figure under the report style (fonts, spines, SVG salt)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return fn(*args, **kwargs)
    return wrapper


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, folder: Path, stem: str) -> list[Path]:
    """``stem``.png and ``stem``.svg in ``folder``, without dates or version strings."""
    paths = [folder / f"{stem}.png", folder / f"{stem}.svg"]
    with mpl.rc_context(STYLE):
        fig.savefig(paths[0], dpi=DPI, metadata={"Software": None})
        fig.savefig(paths[1], metadata={"Date": None, "Creator": "bcdsim"})
    return paths


def _tick_name(name: str, input_shape: str) -> str:
    return name if input_shape == IMAGENET_INPUT else f"{name}\n(input {input_shape})"


# --- 1. BOPs/64, FLOPs and OPs per model --------------------------------------------------------------------------

QUANTITIES = (("BOPs / 64", OKABE_ITO["blue"], "{:.3f}"), ("FLOPs", OKABE_ITO["orange"], "{:.2f}"),
              ("OPs = BOPs/64 + FLOPs", OKABE_ITO["green"], "{:.2f}"))


@styled
def ops_comparison_figure(frame: pd.DataFrame, names: list[str], profile: str) -> Figure:
    """Grouped horizontal bars per model, counted values written at the bar ends, published values as ticks."""
    bar, gap = 0.27, 0.42
    group = 3 * bar + gap
    fig = new_figure(11, 1.6 + 1.05 * len(frame))
    ax = fig.add_subplot()
    largest = 0.0
    for i, row in enumerate(frame.itertuples(index=False)):
        counted = (row.bops / 64 / 1e8, row.flops / 1e8, row.ops_x1e8)
        published = (row.published_bops_e9 * 10 / 64, row.published_flops_e8, row.published_ops_e8)
        centre = i * group
        if i % 2:
            ax.axhspan(centre - group / 2, centre + group / 2, color="#F2F2F2", zorder=0, lw=0)
        for j, ((_, colour, pub_fmt), value, pub) in enumerate(zip(QUANTITIES, counted, published)):
            y = centre + (j - 1) * bar
            ax.barh(y, value, height=bar * 0.9, color=colour, zorder=2)
            end = value
            text = f"{value:.4f}" if value >= 0.001 or value == 0 else f"{value:.2e}"
            if pd.notna(pub):
                ax.vlines(pub, y - bar * 0.5, y + bar * 0.5, color=OKABE_ITO["black"], lw=2.4, zorder=3)
                end = max(end, pub)
                text += f"   (published {pub_fmt.format(pub)})"
            ax.annotate(text, (end, y), xytext=(5, 0), textcoords="offset points", va="center", fontsize=10)
            largest = max(largest, end)
    ax.set_yticks([i * group for i in range(len(frame))],
                  [_tick_name(n, s) for n, s in zip(names, frame["input"])])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(frame) * group - group / 2, -group / 2)  # first model on top
    ax.set_xlim(0, largest * 1.55 if largest else 1)
    ax.grid(axis="x", color="#DDDDDD", lw=0.8)
    ax.set_xlabel("operations per image (×10⁸)")
    handles = [Patch(color=c, label=label) for label, c, _ in QUANTITIES]
    handles.append(Line2D([], [], color=OKABE_ITO["black"], marker="|", ls="none", markersize=13, mew=2.4,
                          label="published"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=4, frameon=False,
              handlelength=1.4, columnspacing=1.6, borderaxespad=0.3)
    fig.suptitle(f"Operations counted by bcdsim ({profile} profile) and as published", x=0.01, ha="left",
                 fontsize=13, fontweight="bold")
    fig.text(0.01, 0.005, f"Published values: {PUBLISHED_FILE} (sources per row in comparison.csv). "
             "BOPs/64 published = published BOPs / 64.", fontsize=10, color="#444444", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


# --- 2. published top-1 against counted OPs -------------------------------------------------------------------------

@styled
def accuracy_figure(frame: pd.DataFrame, names: list[str], others: pd.DataFrame, profile: str) -> Figure:
    """Top-1 (published) against OPs: counted for our models, published for the rest; BCDNet highlighted."""
    fig = new_figure(10.5, 7)
    ax = fig.add_subplot()
    points = []  # (x, y, label, text style)
    counted = frame.assign(name=names)[frame["published_top1"].notna()]
    others = others[others["ops_e8"] > 0]
    ax.scatter(others["ops_e8"], others["top1"], s=70, facecolor="#D9D9D9", edgecolor="#6E6E6E", lw=1.2,
               zorder=2, label="other networks (published OPs only)")
    points += [(r.ops_e8, r.top1, r.name, {"color": "#555555"}) for r in others.itertuples()]
    is_bcd = counted["name"].str.startswith("BCDNet")
    for mask, colour, size, label in ((~is_bcd, OKABE_ITO["blue"], 80, "zoo BNNs (OPs counted by bcdsim)"),
                                      (is_bcd, OKABE_ITO["vermillion"], 120, "BCDNet (OPs counted by bcdsim)")):
        part = counted[mask]
        if len(part):
            ax.scatter(part["ops_x1e8"], part["published_top1"], s=size, color=colour, edgecolor="white", lw=1,
                       zorder=3, marker="D" if colour == OKABE_ITO["vermillion"] else "o", label=label)
            points += [(r.ops_x1e8, r.published_top1, r.name,
                        {"color": colour, "fontweight": "bold" if colour == OKABE_ITO["vermillion"] else "normal"})
                       for r in part.itertuples()]
    if not points:
        ax.text(0.5, 0.5, "no model with a published top-1 accuracy", transform=ax.transAxes, ha="center")
        return fig
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    ax.set_xscale("log")
    ax.set_xlim(min(xs) / 1.45, max(xs) * 1.6)
    ax.set_ylim(min(ys) - 2.5, max(ys) + 2.0)
    ticks = [t for t in (0.5, 0.7, 1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50) if min(xs) / 1.45 <= t <= max(xs) * 1.6]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.grid(color="#E3E3E3", lw=0.8)
    ax.set_xlabel("OPs per image (×10⁸, log scale): counted by bcdsim where we have the model, else published")
    ax.set_ylabel("ImageNet top-1 accuracy (%, published)")
    ax.set_title(f"ImageNet accuracy against operations ({profile} profile): upper left is better", loc="left",
                 fontweight="bold")
    ax.legend(loc="lower right", frameon=True, framealpha=0.95, edgecolor="#CCCCCC")
    fig.text(0.01, 0.01, f"Sources: top-1 accuracies and published OPs from {PUBLISHED_FILE} (per-row citations "
             "there and in comparison.csv).", fontsize=10, color="#444444", va="bottom")
    fig.tight_layout(rect=(0, 0.035, 1, 1))
    # labels last, with the layout fixed, so their screen positions are final
    order = sorted(range(len(points)), key=lambda i: (points[i][3].get("fontweight") != "bold", -points[i][1]))
    place_point_labels(ax, [points[i] for i in order], avoid=[ax.get_legend()])
    return fig


# --- 3. per-stage OPs of two models ---------------------------------------------------------------------------------

KIND_STYLE = {"stem": ("stem (real conv)", OKABE_ITO["orange"]),
              "block": ("conv block (binary convs)", OKABE_ITO["blue"]),
              "mlp": ("binary MLP Block (BCDNet)", OKABE_ITO["vermillion"]),
              "head": ("head (real FC)", OKABE_ITO["purple"])}
ALTERNATE_BLOCK = OKABE_ITO["sky"]


def stage_kinds(stages: pd.DataFrame) -> list[str]:
    """stem before the first binary stage, head after the last, 'mlp' for BCDNet's mlp_layer.N, else 'block'."""
    binary = [i for i, b in enumerate(stages["bops"]) if b > 0]
    first, last = (binary[0], binary[-1]) if binary else (-1, len(stages))
    kinds = []
    for i, block in enumerate(stages["block"]):
        kinds.append("stem" if i < first else "head" if i > last else "mlp" if block.startswith("mlp") else "block")
    return kinds


UNITS = ((1e9, "×10⁹", "G"), (1e6, "×10⁶", "M"), (1e3, "×10³", "k"), (1, "", ""))


def _unit(total: float) -> tuple[float, str, str]:
    """(divisor, axis factor, prefix) that keeps the largest stacked total between 1 and 1000."""
    return next(u for u in UNITS if total >= u[0])


def _stage_rows(model: CountedModel, divisor: float) -> list[tuple[str, float, str]]:
    stages = model.stages
    rows = [(b, ops / divisor, k) for b, ops, k in zip(stages["block"], stages["ops"], stage_kinds(stages))
            if ops > 0]
    return [(f"head: {b}" if k == "head" and not b.startswith(("fc", "head")) else b, ops, k) for b, ops, k in rows]


def _stage_text(block: str, ops: float, kind: str) -> str:
    suffix = {"stem": " (stem)", "mlp": " (MLP Block)"}.get(kind, "")
    return f"{block}{suffix}  {ops:.2f}"


@styled
def layers_figure(a: CountedModel, b: CountedModel, profile: str) -> Figure:
    """Two stacked bars of per-stage OPs; the identical leading stages are joined by a shaded band."""
    divisor, factor, prefix = _unit(max(a.totals.ops, b.totals.ops))
    ra, rb = _stage_rows(a, divisor), _stage_rows(b, divisor)
    common = 0
    while common < min(len(ra), len(rb)) and ra[common][:2] == rb[common][:2]:
        common += 1
    fig = new_figure(11, 9.5)
    ax = fig.add_subplot()
    width, xa, xb = 0.3, 0.0, 1.2
    tops = {}
    for x, rows in ((xa, ra), (xb, rb)):
        bottom, n_block = 0.0, 0
        for _, ops, kind in rows:
            colour = KIND_STYLE[kind][1]
            if kind == "block":
                colour = colour if n_block % 2 == 0 else ALTERNATE_BLOCK
                n_block += 1
            ax.bar(x, ops, width, bottom=bottom, color=colour, edgecolor="white", lw=1.2, zorder=2)
            bottom += ops
        tops[x] = bottom
    shared = sum(r[1] for r in ra[:common])
    if common:
        ax.add_patch(Polygon([(xa + width / 2, 0), (xb - width / 2, 0), (xb - width / 2, shared),
                              (xa + width / 2, shared)], closed=True, color="#E6E6E6", lw=0, zorder=1))
    ax.set_xlim(-1.4, 2.6)
    ax.set_ylim(0, max(tops.values()) * 1.03 or 1)
    ax.set_xticks([xa, xb], [f"{_tick_name(m.name, 'x'.join(map(str, m.input_shape)))}\n{tops[x]:.2f} {prefix} OPs"
                             .replace("  ", " ") for m, x in ((a, xa), (b, xb))], fontsize=12, fontweight="bold")
    ax.tick_params(axis="x", length=0)
    per = f"OPs per image ({factor})" if factor else "OPs per image"
    ax.set_ylabel(f"{per}, stacked by stage in network order")
    ax.grid(axis="y", color="#E3E3E3", lw=0.8)
    ax.spines["bottom"].set_visible(False)
    ax.set_title(f"Where the operations are: {a.name} vs {b.name} (per top-level block, {profile} profile)",
                 loc="left", fontweight="bold")
    kinds = [k for k in KIND_STYLE if any(r[2] == k for r in ra + rb)]
    handles = [Patch(color=KIND_STYLE[k][1], label=KIND_STYLE[k][0]) for k in kinds]
    if common:
        handles.append(Patch(color="#E6E6E6", label="identical stages in both"))
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.03), ncol=3, frameon=False)
    fig.text(0.01, 0.005, f"Labels: stage  OPs{f' ({factor})' if factor else ''}. OPs = BOPs/64 + FLOPs per "
             "top-level block (stem, feature.N, mlp_layer.N, head), counted by bcdsim.", fontsize=10,
             color="#444444", va="bottom")
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    _label_stages(ax, ra, rb, common, width, (xa, xb), (a.name, b.name), factor)
    return fig


def _centres(rows) -> list[float]:
    out, bottom = [], 0.0
    for row in rows:
        out.append(bottom + row[1] / 2)
        bottom += row[1]
    return out


def _label_stages(ax, ra, rb, common, width, xs, names, factor: str) -> None:
    """Shared stages labelled once inside the band, the others outside their bar, spread apart in order."""
    fig = ax.figure
    height_pt = ax.get_window_extent(fig.canvas.get_renderer()).height * 72 / fig.dpi
    ymin, ymax = ax.get_ylim()
    step = 14.5 * (ymax - ymin) / height_pt  # one 10.5 pt line in data units
    xa, xb = xs
    ca, cb = _centres(ra), _centres(rb)
    shared = sum(r[1] for r in ra[:common])
    rest_a, rest_b = sum(r[1] for r in ra[common:]), sum(r[1] for r in rb[common:])
    if common:
        for (block, ops, kind), y in zip(ra[:common], spread(ca[:common], step, 0, shared)):
            ax.text((xa + xb) / 2, y, _stage_text(block, ops, kind), ha="center", va="center", fontsize=10.5,
                    zorder=4)
    if common and max(rest_a, rest_b) >= 2 * step:
        ax.text((xa + xb) / 2, shared + step * 0.4, "▲ stages differ above ▲", ha="center", va="bottom",
                fontsize=10.5, fontstyle="italic", color="#444444", bbox={"fc": "white", "ec": "none", "pad": 1})
    if common and max(rest_a, rest_b) >= 6 * step:
        unit = f" ({factor} OPs)" if factor else " (OPs)"
        ax.text((xa + xb) / 2, shared + max(rest_a, rest_b) / 2,
                f"differing stages{unit}\n{names[0]}: {rest_a:.2f}\n{names[1]}: {rest_b:.2f}",
                ha="center", va="center", fontsize=10.5, color="#444444", linespacing=1.5)
    for x, rows, cs, side in ((xa, ra, ca, -1), (xb, rb, cb, 1)):
        rest, wanted = rows[common:], cs[common:]
        edge = x + side * width / 2
        for (block, ops, kind), y, y0 in zip(rest, spread(wanted, step, 0, ymax), wanted):
            bold = kind == "mlp"
            ax.annotate(_stage_text(block, ops, kind), (edge, y0), xytext=(edge + side * 0.2, y),
                        ha="left" if side > 0 else "right", va="center", fontsize=10.5,
                        fontweight="bold" if bold else "normal",
                        color=OKABE_ITO["vermillion"] if bold else "black",
                        arrowprops={"arrowstyle": "-", "color": "#777777", "lw": 0.8, "shrinkA": 3, "shrinkB": 0,
                                    "relpos": (0 if side > 0 else 1, 0.5)})
