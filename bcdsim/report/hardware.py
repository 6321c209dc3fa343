"""The `compare --device` panel: predicted frames/s and LUTs per model from the cost model.

Every figure here is the cost model's (``source`` column, "analytical" until calibrated against RTL
simulation and yosys); the plot says so in its title.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bcdsim.cost.price import DesignPoint
from bcdsim.report.plots import OKABE_ITO, new_figure, styled

COLUMNS = ["model", "device", "clock_mhz", "fps", "bound", "latency_ms", "lut", "lut_util", "ff", "bram36",
           "uram", "dsp", "lanes", "lane_utilisation", "bottleneck", "source"]


def hardware_frame(points: dict[str, DesignPoint]) -> pd.DataFrame:
    """One row per model (keyed by the name plots show)."""
    rows = []
    for name, p in points.items():
        lut = p.totals["lut"]
        rows.append({"model": name, "device": p.device.name, "clock_mhz": p.clock_mhz, "fps": round(p.fps, 3),
                     "bound": p.bound, "latency_ms": round(p.latency_ms, 4), "lut": round(lut),
                     "lut_util": round(lut / p.device.lut, 4), "ff": round(p.totals["ff"]),
                     "bram36": p.totals["bram36"], "uram": p.totals["uram"], "dsp": round(p.totals["dsp"]),
                     "lanes": p.lanes, "lane_utilisation": round(p.lane_utilisation, 4), "bottleneck": p.bottleneck,
                     "source": p.source})
    return pd.DataFrame(rows, columns=COLUMNS)


@styled
def hardware_figure(frame: pd.DataFrame, device_lut: int, how: str) -> Figure:
    """Two horizontal bar panels sharing the model axis: frames/s (log) and LUTs with the device's size."""
    fig = new_figure(11, 0.55 * len(frame) + 2.4)
    ax_fps, ax_lut = fig.subplots(1, 2, sharey=True)
    y = list(range(len(frame)))[::-1]
    ax_fps.barh(y, frame["fps"], color=OKABE_ITO["blue"], height=0.6)
    ax_fps.set_xscale("log")
    plain = FuncFormatter(lambda v, _: f"{v:,.0f}")
    ax_fps.xaxis.set_major_formatter(plain)
    ax_fps.xaxis.set_minor_formatter(plain)
    ax_fps.set_xlabel("frames/s (log scale)")
    ax_fps.set_yticks(y, frame["model"])
    for yi, (fps, bound) in zip(y, zip(frame["fps"], frame["bound"])):
        ax_fps.annotate(f"{fps:,.0f}{' (DDR-bound)' if bound == 'ddr' else ''}", (fps, yi), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=10)
    ax_lut.barh(y, frame["lut"] / 1e3, color=OKABE_ITO["orange"], height=0.6)
    ax_lut.axvline(device_lut / 1e3, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax_lut.annotate("device LUTs", (device_lut / 1e3, max(y) + 0.45), xytext=(-4, 0), textcoords="offset points",
                    ha="right", fontsize=10)
    ax_lut.set_xlabel("LUTs (thousands)")
    ax_lut.set_xlim(0, device_lut / 1e3 * 1.25)
    for yi, (lut, util) in zip(y, zip(frame["lut"], frame["lut_util"])):
        ax_lut.annotate(f"{lut / 1e3:,.0f}k ({100 * util:.0f}%)", (lut / 1e3, yi), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=10)
    for ax in (ax_fps, ax_lut):
        ax.grid(axis="x", color="#dddddd")
        ax.margins(x=0.25)
    device, clock = frame["device"].iloc[0], frame["clock_mhz"].iloc[0]
    fig.suptitle(f"Predicted on {device} at {clock:g} MHz ({how}): cost model (XNOR units calibrated, rest analytical)",
                 fontsize=12.5, fontweight="bold", x=0.01, ha="left")
    fig.tight_layout()
    return fig
