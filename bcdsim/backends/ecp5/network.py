"""The whole-network RTL folder as the board flow reads it (the NETWORK_TOP contract): ``network.json``
with the stream widths and frame sizes, ``bcd_network.v`` and the sources and ``.mem`` files it lists."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from bcdsim.errors import UserError


@dataclass(frozen=True)
class NetworkPorts:
    in_lanes: int
    in_bits: int
    in_signed: bool
    in_words: int
    out_lanes: int
    out_bits: int
    out_words: int
    classes: int

    @property
    def in_width(self) -> int:
        return self.in_lanes * self.in_bits

    @property
    def out_width(self) -> int:
        return self.out_lanes * self.out_bits

    @property
    def in_bytes(self) -> int:
        """Bytes per input word on the UART (little-endian, padded to whole bytes)."""
        return math.ceil(self.in_width / 8)

    @property
    def out_bytes(self) -> int:
        return math.ceil(self.out_width / 8)

    @property
    def frame_bytes(self) -> int:
        return self.in_words * self.in_bytes

    @property
    def result_bytes(self) -> int:
        """Sync byte, logits, class."""
        return 1 + self.out_words * self.out_bytes + 1


@dataclass(frozen=True)
class Network:
    folder: Path
    info: dict
    ports: NetworkPorts

    @property
    def files(self) -> list[str]:
        """Every file the tools need, relative to the folder."""
        return list(dict.fromkeys([*self.info["sources"], *self.info.get("memories", [])]))


def _positive(section: dict, key: str, where: str) -> int:
    value = section.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise UserError(f"{where}: '{key}' must be a positive integer, not {value!r}")
    return value


def read_network(folder: str | Path) -> Network:
    folder = Path(folder)
    path = folder / "network.json"
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder (give the folder 'bcdsim rtl' wrote)")
    if not path.is_file():
        raise UserError(f"{folder} has no network.json (not a whole-network folder of 'bcdsim rtl')")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UserError(f"{path} is not valid JSON: {e}") from None
    if not isinstance(info, dict) or not all(isinstance(info.get(k), dict) for k in ("input", "output")):
        raise UserError(f"{path}: needs 'input' and 'output' sections")
    if info.get("top") != "bcd_network":
        raise UserError(f"{path}: top must be bcd_network, not {info.get('top')!r}")
    sources = info.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise UserError(f"{path}: 'sources' must be a list of file names")
    for name in [*sources, *info.get("memories", [])]:
        rel = Path(name)
        if rel.is_absolute() or ".." in rel.parts:
            raise UserError(f"{path}: {name} must be a path inside the folder")
        if not (folder / rel).is_file():
            raise UserError(f"{path} lists {name}, which is missing")
    i, o = info["input"], info["output"]
    ports = NetworkPorts(_positive(i, "lanes", path.name), _positive(i, "bits", path.name), bool(i.get("signed")),
                         _positive(i, "words_per_frame", path.name), _positive(o, "lanes", path.name),
                         _positive(o, "bits", path.name), _positive(o, "words_per_frame", path.name),
                         _positive(o, "classes", path.name))
    if ports.classes > min(256, ports.out_lanes * ports.out_words):
        raise UserError(f"{path}: {ports.classes} classes do not fit the output words (or exceed 256)")
    return Network(folder, info, ports)
