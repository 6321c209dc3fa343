"""Hardware reports: per-unit and per-block frames, the terminal summary, the Pareto-front plot."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from bcdsim.cost.price import DesignPoint

UNIT_COLUMNS = ["unit", "kind", "layer", "simd", "pe", "cycles", "first", "lut", "ff", "bram36", "uram",
                "lutram", "dsp", "mem", "weight_bits", "buffer_bits", "bottleneck", "cycles_source", "lut_source"]
BLOCK_COLUMNS = ["block", "units", "cycles", "lut", "ff", "bram36", "uram", "dsp", "bottleneck"]


def units_frame(point: DesignPoint) -> pd.DataFrame:
    rows = []
    for r in point.rows:
        u = r.unit
        weights = [m for m in u.memories if m.role == "weights"]
        rows.append({"unit": u.name, "kind": u.kind, "layer": u.source, "simd": u.fold.simd, "pe": u.fold.pe,
                     "cycles": r.cycles, "first": r.first, "lut": r.lut, "ff": r.ff, "bram36": r.bram36,
                     "uram": r.uram, "lutram": r.lutram, "dsp": r.dsp,
                     "mem": "/".join(sorted({m.style for m in u.memories})),
                     "weight_bits": sum(m.bits for m in weights),
                     "buffer_bits": sum(m.bits for m in u.memories if m.role != "weights"),
                     "bottleneck": u.name == point.bottleneck, "cycles_source": r.sources["cycles"],
                     "lut_source": r.sources["lut"]})
    return pd.DataFrame(rows, columns=UNIT_COLUMNS)


def blocks_frame(units: pd.DataFrame) -> pd.DataFrame:
    """Units summed per top-level block (cycles: the slowest unit of the block)."""
    from bcdsim.report.ops_table import block_of

    keyed = units.assign(block=units["layer"].map(lambda s: block_of(s) if s else "input"))
    grouped = keyed.groupby("block", sort=False).agg(
        units=("unit", "size"), cycles=("cycles", "max"), lut=("lut", "sum"), ff=("ff", "sum"),
        bram36=("bram36", "sum"), uram=("uram", "sum"), dsp=("dsp", "sum"), bottleneck=("bottleneck", "any"))
    return grouped.reset_index()[BLOCK_COLUMNS]


def summary_lines(point: DesignPoint, how: str) -> list[str]:
    t, d = point.totals, point.device
    ddr = "nothing in DDR" if math.isinf(point.fps_ddr) else \
        (f"DDR bound {point.fps_ddr:,.0f} fps ({point.ddr_bytes / 1e6:.2f} MB/frame at {d.ddr_sustained_gbps:.3g} "
         f"GB/s sustained = {100 * d.ddr_efficiency:.0f}% of {d.ddr_gbps:g})")
    in_ddr = sum(1 for r in point.rows for m in r.unit.memories if m.style == "ddr") + \
        sum(1 for s in point.design.streams if s.style == "ddr")
    roof = point.roofline()
    src = point.hardware_dict()["sources"]
    lines = [
        f"{d.name} ({d.part}) at {point.clock_mhz:g} MHz, {how}:",
        f"  {point.fps:,.1f} frames/s ({point.bound}-bound; compute {point.fps_compute:,.1f} fps, {ddr}), "
        f"latency {point.latency_ms:.3f} ms, bottleneck {point.bottleneck} ({point.cycles:,} cycles/frame)",
        "  " + "   ".join(f"{r.upper()} {t[r]:,.1f} ({100 * point.utilisation(r):.1f}%)" if r == "bram36" else
                          f"{r.upper()} {t[r]:,.0f} ({100 * point.utilisation(r):.1f}%)"
                          for r in ("lut", "ff", "bram36", "uram", "dsp"))
        + f"   {len(point.design.units)} units, {in_ddr} memories/FIFOs in DDR",
    ]
    if point.bops:
        lines.append(f"  XNOR lanes {point.lanes:,}, {100 * point.lane_utilisation:.1f}% busy; roofline: "
                     f"compute {roof['compute_fps'] or 0:,.0f} fps (all budget LUTs as XNOR lanes)"
                     + (f", memory {roof['memory_fps']:,.0f} fps" if roof["memory_fps"] else ""))
    lines.append(f"  sources: cycles {src['cycles']}; LUTs {src['lut']}; latency {src['latency']}; "
                 f"design {point.source}")
    return lines


OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")  # colour-blind safe


def plot_front(points: list[DesignPoint], front: list[DesignPoint], out: str | Path, title: str,
               budget_lut: float | None = None) -> None:
    """FPS against LUTs: every explored point, the Pareto front, the device's and budget's LUTs."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dev = points[0].device
    fig, ax = plt.subplots(figsize=(7.5, 5), dpi=150)
    fit = [p for p in points if p.fits]
    over = [p for p in points if not p.fits]
    ax.scatter([p.totals["lut"] / 1e3 for p in fit], [p.fps for p in fit], s=14, color=OKABE_ITO[5],
               alpha=0.7, label=f"design points that fit ({len(fit)})", zorder=2)
    if over:
        ax.scatter([p.totals["lut"] / 1e3 for p in over], [p.fps for p in over], s=14, marker="x",
                   color="0.55", label=f"do not fit the device ({len(over)})", zorder=2)
    ax.step([p.totals["lut"] / 1e3 for p in front], [p.fps for p in front], where="post", color=OKABE_ITO[0],
            lw=2, label="Pareto front", zorder=3)
    ax.scatter([p.totals["lut"] / 1e3 for p in front], [p.fps for p in front], s=22, color=OKABE_ITO[0], zorder=4)
    ax.axvline(dev.lut / 1e3, color=OKABE_ITO[3], ls="--", lw=1.2, label=f"{dev.name} LUTs ({dev.lut:,})")
    if budget_lut and budget_lut < 1:
        ax.axvline(budget_lut * dev.lut / 1e3, color=OKABE_ITO[1], ls=":", lw=1.5,
                   label=f"LUT budget ({100 * budget_lut:.0f}%)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    plain = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_formatter(plain)
        axis.set_minor_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: f"{v:g}" if f"{v:.0e}"[0] in "25" else ""))
    ax.set_xlabel("LUTs (thousands, log scale)")
    ax.set_ylabel("throughput (frames/s, log scale)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.text(0.01, 0.01, "bcdsim cost model: XNOR units calibrated (RTL sim cycles, yosys LUTs), "
             "other units analytical", fontsize=7, color="0.4")
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
