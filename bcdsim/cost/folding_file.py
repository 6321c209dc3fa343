"""The folding file: the hardware a design point describes, read by the HLS and RTL generators.

Schema (JSON)::

    {"format": "bcdsim-folding/1",
     "model": "bcdnet-a", "device": "zcu104", "clock_mhz": 200.0,
     "units": {
       "feature_1_binary_3x3__swu": {"kind": "swu", "simd": 32, "pe": 1, "mw": 288, "mh": 32,
                                      "tied_to": "feature_1_binary_3x3", "nodes": [], ...},
       "feature_1_binary_3x3": {"kind": "mvau", "simd": 32, "pe": 8, "mw": 288, "mh": 32,
                                "oh": 112, "ow": 112, "mem": "bram", "nodes": ["feature_1_binary_3x3"]},
       "feature_1_add__fifo": {"kind": "fifo", "simd": 1, "pe": 4, "mw": 1, "mh": 32, "depth": 1234, ...},
       ...},
     "predicted": {"fps": ..., "lut": ..., "source": "analytical", ...}}

Unit names derive from IR node names (unique in a graph): a unit implementing one op is named
after its node; auxiliary units append ``__swu`` (sliding window), ``__gather`` (shift-MLP frame
buffer), ``__fifo`` (shortcut FIFO of an Add, ``depth`` in elements), ``__dup`` (stream
duplicator); a fused shift-MLP matrix unit is named after its direct 1x1 conv and lists every node
it absorbs in ``nodes``; a context unit is named after its ContextEmbed node. ``simd``/``pe``:
input/output lanes of matrix units (SIMD | MW, PE | MH); channel lanes in ``pe`` for the others
(``simd`` 1). ``mem``: where the weights live (lutram, bram, uram, ddr), or where a FIFO/context
frame is parked (``ddr``). ``gather`` (shift-MLP): ``channel-interleaved`` or ``source-major``.
"""
from __future__ import annotations

import json
from pathlib import Path

from bcdsim.cost.devices import Device
from bcdsim.cost.mapping import UnitGraph
from bcdsim.cost.memory import STYLES
from bcdsim.cost.network import DesignPoint, UnitFold
from bcdsim.cost.units import MATRIX_KINDS, TIED_KINDS, gather_lanes, pe_options, simd_options
from bcdsim.errors import UserError

FORMAT = "bcdsim-folding/1"


def folding_dict(ug: UnitGraph, folding: dict[str, UnitFold], point: DesignPoint, model: str,
                 device: Device) -> dict:
    rows = {r.cost.name: r for r in point.rows}
    units = {}
    for u in ug.units:
        row = rows[u.name]
        entry = {"kind": u.kind, "simd": row.cost.simd, "pe": row.cost.pe, "mw": u.mw, "mh": u.mh,
                 "oh": u.oh, "ow": u.ow, "nodes": list(u.nodes), "source": u.source}
        if row.mem:
            entry["mem"] = row.mem
        if u.tied_to:
            entry["tied_to"] = u.tied_to
        if u.kind == "fifo":
            mems = row.cost.memories
            entry["depth"] = mems[0].depth * row.cost.pe if mems else 0
            entry["delays"] = ug.fifos[u.name]
        if u.kind == "gather":
            _, copies = gather_lanes(u, row.cost.simd)
            entry["gather"] = "channel-interleaved" if copies > 1 else "source-major"
        units[u.name] = entry
    return {"format": FORMAT, "model": model, "device": device.name, "clock_mhz": point.clock_mhz,
            "units": units, "predicted": point.hardware_dict()}


def save_folding(path: str | Path, ug: UnitGraph, folding: dict[str, UnitFold], point: DesignPoint,
                 model: str, device: Device) -> None:
    Path(path).write_text(json.dumps(folding_dict(ug, folding, point, model, device), indent=1) + "\n")


def load_folding(path: str | Path, ug: UnitGraph) -> tuple[dict[str, UnitFold], dict]:
    """Read and validate a folding file against ``ug``; returns (folding, the file's header)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise UserError(f"folding file not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UserError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), dict):
        raise UserError(f"{path}: not a folding file (needs a 'units' object; format {FORMAT})")
    units = data["units"]
    known = {u.name for u in ug.units}
    unknown = sorted(set(units) - known)
    if unknown:
        raise UserError(f"{path}: unknown unit(s) for this model: {_few(unknown)} "
                        f"(is it the folding of another model?)")
    needed = [u.name for u in ug.units if u.kind != "fifo"]
    missing = [n for n in needed if n not in units]
    if missing:
        raise UserError(f"{path}: missing unit(s): {_few(missing)}")
    folding = {n: _check(path, ug.by_name[n], units[n]) for n in needed}
    for n in needed:
        spec = ug.by_name[n]
        if spec.kind in TIED_KINDS and folding[n].simd != folding[spec.tied_to].simd:
            raise UserError(f"{path}: unit '{n}' must have the SIMD of '{spec.tied_to}' "
                            f"({folding[spec.tied_to].simd}), got {folding[n].simd}")
    return folding, {k: v for k, v in data.items() if k != "units"}


def _few(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _check(path: Path, spec, entry) -> UnitFold:
    where = f"{path}: unit '{spec.name}'"
    if not isinstance(entry, dict):
        raise UserError(f"{where}: expected an object")
    if entry.get("kind", spec.kind) != spec.kind:
        raise UserError(f"{where} is a {spec.kind} in this model, the file says {entry['kind']}")
    for dim in ("mw", "mh"):
        if dim in entry and entry[dim] != getattr(spec, dim):
            raise UserError(f"{where}: {dim.upper()}={entry[dim]} does not match the model's {getattr(spec, dim)}")
    simd, pe = entry.get("simd", 1), entry.get("pe", 1)
    if not isinstance(simd, int) or isinstance(simd, bool) or not isinstance(pe, int) or isinstance(pe, bool):
        raise UserError(f"{where}: simd and pe must be integers")
    allowed_simd = simd_options(spec) if spec.kind not in TIED_KINDS else None
    if allowed_simd is not None and simd not in allowed_simd:
        why = f"does not divide MW={spec.mw}" if spec.mw % max(1, simd) else "is not accepted by the kernel"
        raise UserError(f"{where}: SIMD {simd} {why} (allowed: {_few([str(s) for s in allowed_simd])})")
    if pe not in pe_options(spec):
        limit = spec.mh if spec.kind in MATRIX_KINDS else spec.channels
        allowed = _few([str(p) for p in pe_options(spec)])
        raise UserError(f"{where}: PE {pe} does not divide {limit} (allowed: {allowed})")
    mem = entry.get("mem")
    if mem is not None and (mem not in STYLES or (mem == "ddr" and spec.kind not in MATRIX_KINDS + ("context",))):
        raise UserError(f"{where}: mem '{mem}' is not one of {', '.join(STYLES)} (ddr only for matrix units)")
    return UnitFold(simd, pe, mem if spec.kind in MATRIX_KINDS else None)
