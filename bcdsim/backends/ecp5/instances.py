"""The library instances of a whole-network folder, as the ECP5 area model prices them: each
``bcd_* #(...) name (`` line of ``bcd_network.v`` (the generator writes one per line) with its integer
parameters, and the design unit kind it implements (``network.json``'s units; a stream FIFO is kind
``fifo``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bcdsim.errors import UserError

FIFO = "fifo"  # the streams' bcd_fifo instances (not a design unit kind)

_INSTANCE = re.compile(r"^\s*(bcd_\w+)\s+#\((.*?)\)\s+(\w+)\s*\(", re.MULTILINE)
_PARAM = re.compile(r"\.(\w+)\((-?\d+)\)")


@dataclass(frozen=True)
class Instance:
    name: str
    module: str
    kind: str
    params: dict[str, int]


def network_instances(folder: Path, info: dict) -> list[Instance]:
    """Every parametrised library instance of ``folder/bcd_network.v`` with its unit kind."""
    kinds: dict[str, str] = {}
    merged = ("context_scan", "gather_out")  # a side of the instance's other unit (network.py MERGED)
    for unit in info.get("units", {}).values():
        if unit.get("instance") and (unit["instance"] not in kinds or kinds[unit["instance"]] in merged):
            kinds[unit["instance"]] = unit["kind"]
    text = (folder / "bcd_network.v").read_text(encoding="utf-8")
    out = []
    for module, params, name in _INSTANCE.findall(text):
        kind = FIFO if module == "bcd_fifo" else kinds.get(name)
        if kind is None:
            raise UserError(f"{folder}: instance {name} ({module}) is not a unit of network.json")
        out.append(Instance(name, module, kind, {k: int(v) for k, v in _PARAM.findall(params)}))
    if not out:
        raise UserError(f"{folder}/bcd_network.v: no library instance found")
    return out
