"""The folding file: the design a cost estimate describes, read by every backend.

Schema (JSON, keyed by hardware-graph node names: the primary units of ``bcdsim.design.plan``)::

    {"format": "bcdsim-folding/2",
     "model": "bcdnet-a", "device": "zcu104", "clock_mhz": 200.0,
     "units": {
       "feature_1_binary_3x3_popcount": {"kind": "xnor_mvau", "simd": 32, "pe": 8, "mw": 288, "mh": 32,
                                          "nodes": ["feature_1_binary_3x3_popcount", "feature_1_bn1"],
                                          "mem": "bram"},
       "feature_1_add": {"kind": "add", "simd": 1, "pe": 4},
       ...},
     "streams": {"<producer>__to__<consumer>": {"depth": 1234, "style": "bram"}, ...},
     "predicted": {"fps": ..., "lut": ..., "source": "analytical", ...}}

``simd``/``pe``: input elements / outputs per cycle of matrix units (SIMD | MW, PE | MH); channel
lanes in ``pe`` for per-channel units; the contextual unit's MAC lanes in ``simd``. ``mem``: where
a matrix unit's weights live (lutram, bram, uram, ddr). ``streams`` and ``predicted`` record the
design the file was saved from (FIFO depths and their memories, the cost model's figures); they
are derived again when the file is read. Every entry must name a unit of the model and give a
folding the unit takes; every unit needs an entry.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bcdsim.design import units as k
from bcdsim.design.folding import pe_options, simd_options
from bcdsim.design.plan import Planned
from bcdsim.design.units import MEMORY_STYLES, Fold
from bcdsim.errors import UserError
from bcdsim.ir.graph import Graph

FORMAT = "bcdsim-folding/2"


@dataclass(frozen=True)
class FoldingFile:
    folding: dict[str, Fold]
    mem: dict[str, str]  # unit -> style of its weights
    header: dict  # model, device, clock_mhz, ...
    path: str

    @property
    def ddr(self) -> frozenset[str]:
        return frozenset(n for n, s in self.mem.items() if s == "ddr")


def folding_document(point, model: str) -> dict:
    """The folding file of a priced design point (``bcdsim.cost.price.DesignPoint``)."""
    design = point.design
    units = {}
    for u in design.primaries:
        entry = {"kind": u.kind, "simd": u.fold.simd, "pe": u.fold.pe, "nodes": list(u.nodes), "source": u.source}
        if u.kind in k.MATRIX_KINDS:
            entry.update(mw=u.geometry.mw, mh=u.geometry.mh, mem=u.memories[0].style)
        units[u.name] = entry
    streams = {s.name: {"depth": s.depth, "style": s.style} for s in design.streams}
    return {"format": FORMAT, "model": model, "device": point.device.name, "clock_mhz": point.clock_mhz,
            "units": units, "streams": streams, "predicted": point.hardware_dict()}


def save_folding(path: str | Path, point, model: str) -> None:
    Path(path).write_text(json.dumps(folding_document(point, model), indent=1) + "\n")


def read_document(path: str | Path) -> dict:
    path = Path(path)
    if path.is_dir():
        raise UserError(f"--folding {path} is a directory, not a folding file")
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"folding file not found: {path}") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: not a readable JSON folding file ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), dict):
        raise UserError(f"{path}: not a folding file (needs a 'units' object; format {FORMAT})")
    if data.get("format") != FORMAT:
        raise UserError(f"{path}: format {data.get('format')!r}; bcdsim reads {FORMAT} "
                        f"(save it again with 'bcdsim analyze MODEL --device D --save-folding FILE')")
    return data


def load_folding(path: str | Path, hw: Graph, planned: list[Planned]) -> FoldingFile:
    """Read and check a folding file against the model's units."""
    data = read_document(path)
    return check_document(data, str(path), hw, planned)


def check_document(data: dict, where: str, hw: Graph, planned: list[Planned]) -> FoldingFile:
    units = data["units"]
    by_name = {p.name: p for p in planned if p.kind != k.INPUT}
    unknown = sorted(set(units) - set(by_name))
    if unknown:
        raise UserError(f"{where}: entry {_few(unknown)} names no unit of this model "
                        f"(is it the folding of another model?)")
    missing = [n for n in by_name if n not in units]
    if missing:
        raise UserError(f"{where}: missing unit(s): {_few(missing)}")
    folding, mem = {}, {}
    for name, p in by_name.items():
        folding[name], style = _check(where, hw, p, units[name])
        if style:
            mem[name] = style
    header = {key: v for key, v in data.items() if key not in ("units", "streams", "predicted")}
    clock = header.get("clock_mhz")
    if clock is not None and (isinstance(clock, bool) or not isinstance(clock, (int, float))
                              or not 0 < clock <= 1000):
        raise UserError(f"{where}: clock_mhz must be a number in (0, 1000], got {clock!r}")
    return FoldingFile(folding, mem, header, where)


def _few(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _check(where: str, hw: Graph, p: Planned, entry) -> tuple[Fold, str | None]:
    at = f"{where}: unit '{p.name}'"
    if not isinstance(entry, dict):
        raise UserError(f"{at}: expected an object")
    if entry.get("kind", p.kind) != p.kind:
        raise UserError(f"{at} is a {p.kind} in this model, the file says {entry['kind']}")
    for dim in ("mw", "mh"):
        if dim in entry and p.kind in k.MATRIX_KINDS and entry[dim] != getattr(p.geometry, dim):
            raise UserError(f"{at}: {dim.upper()}={entry[dim]} does not match the model's {getattr(p.geometry, dim)}")
    simd, pe = entry.get("simd", 1), entry.get("pe", 1)
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (simd, pe)):
        raise UserError(f"{at}: simd and pe must be integers")
    value_bits = max(hw.node(t).dtype.bits for t in p.inputs) if p.inputs else 16
    allowed = simd_options(p.kind, p.geometry, value_bits)
    if simd not in allowed:
        why = f"does not divide MW={p.geometry.mw}" if p.kind in k.MATRIX_KINDS and p.geometry.mw % max(1, simd) \
            else "is not one the unit takes"
        raise UserError(f"{at}: SIMD {simd} {why} (allowed: {_list(allowed)})")
    allowed = pe_options(p.kind, p.geometry, hw.node(p.outputs[0]).dtype.bits)
    if pe not in allowed:
        raise UserError(f"{at}: PE {pe} is not one the unit takes (allowed: {_list(allowed)})")
    style = entry.get("mem")
    if style is not None:
        from bcdsim.design.build import ddr_capable

        ddr_ok = ddr_capable(p.kind, p.geometry)  # what the optimizer may stream (the tile schedule)
        if style not in MEMORY_STYLES or (style == "ddr" and not ddr_ok) or p.kind not in k.MATRIX_KINDS:
            raise UserError(f"{at}: mem {style!r} is not one of {', '.join(MEMORY_STYLES)} for its weights "
                            f"(ddr only for XNOR units and vector units)")
    return Fold(simd, pe), style


def _list(values: tuple[int, ...]) -> str:
    shown = ", ".join(map(str, values[:12]))
    return shown + (f" ... {values[-1]}" if len(values) > 12 else "")
