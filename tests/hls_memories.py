"""What a generated HLS project binds, read back from its C++ (tests/test_hls_memories.py).

Independent of the generator's Python: element types come from the declarations (defines.h
typedefs, weights/*.h, parameters.h globals, the top's ``BCD_LOCAL`` arrays), geometry from the
array dimensions and the ARRAY_PARTITION / ARRAY_RESHAPE / STREAM pipo pragmas, the memory kind
from BIND_STORAGE, the owner from the ``// bcdsim memory: unit=... memory=...`` line before it;
FIFOs from ``hls::stream<T> var("<design stream>")`` with their STREAM depth and BIND_STORAGE.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

IMPL_STYLE = {"lutram": "lutram", "srl": "lutram", "bram": "bram", "uram": "uram"}


@dataclass
class Bound:
    name: str  # "unit.memory", or the stream's name for FIFOs
    var: str
    width: int
    depth: int
    copies: int
    style: str

    @property
    def bits(self) -> int:
        return self.width * self.depth * self.copies


def _split_args(text: str) -> list[str]:
    out, level, cur = [], 0, ""
    for ch in text:
        if ch == "<":
            level += 1
        elif ch == ">":
            level -= 1
        if ch == "," and level == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return out + [cur.strip()] if cur.strip() else out


def type_bits(t: str, typedefs: dict[str, str]) -> int:
    """Bits of an element type the generator writes (ap_[u]int, ap_[u]fixed, nnet::array, typedefs)."""
    t = t.strip()
    if t in typedefs:
        return type_bits(typedefs[t], typedefs)
    m = re.fullmatch(r"(ap_u?int|ap_u?fixed)<(.*)>", t)
    if m:
        return int(eval(_split_args(m.group(2))[0], {}))  # a literal or a product such as 4*1
    m = re.fullmatch(r"nnet::array<(.*)>", t)
    if m:
        elem, count = _split_args(m.group(1))
        return type_bits(elem, typedefs) * int(eval(count, {}))
    raise ValueError(f"unknown type {t!r}")


def typedefs_of(text: str) -> dict[str, str]:
    return {m.group(2): m.group(1) for m in re.finditer(r"typedef\s+(.+?)\s+(\w+);", text)}


def _pragmas(text: str, var: str) -> list[str]:
    return re.findall(rf"#pragma HLS (.*\bvariable\s*=\s*{var}\b.*)", text)


def geometry(element_bits: int, dims: list[int], pragmas: list[str]) -> tuple[int, int, int, str]:
    """(width, depth, copies, impl) of an array after its pragmas."""
    width, copies, impl = element_bits, 1, ""
    dims = list(dims)
    for p in pragmas:
        dim = int(re.search(r"dim\s*=\s*(\d+)", p).group(1)) if "dim" in p else 1
        factor = re.search(r"factor\s*=\s*(\d+)", p)
        if p.startswith("BIND_STORAGE"):
            impl = re.search(r"impl\s*=\s*(\w+)", p).group(1)
        elif p.startswith("ARRAY_PARTITION") and "complete" in p:
            copies *= dims[dim - 1]
            dims[dim - 1] = 1
        elif p.startswith("ARRAY_PARTITION"):
            f = int(factor.group(1))
            copies *= f
            dims[dim - 1] = math.ceil(dims[dim - 1] / f)
        elif p.startswith("ARRAY_RESHAPE"):
            f = int(factor.group(1))
            width *= f
            dims[dim - 1] = math.ceil(dims[dim - 1] / f)
    depth = math.prod(dims)
    for p in pragmas:  # a ping-pong channel of N banks: N times as deep, as the design counts its banks
        if p.startswith("STREAM") and "pipo" in p:
            depth *= int(re.search(r"depth\s*=\s*(\d+)", p).group(1))
    return width, depth, copies, impl


def bound_memories(project: Path) -> tuple[list[Bound], list[Bound]]:
    """(memories, FIFOs) the project binds on chip."""
    fw = project / "firmware"
    top = (fw / "bcdsim_top.cpp").read_text()
    params = (fw / "parameters.h").read_text()
    typedefs = typedefs_of((fw / "defines.h").read_text()) | typedefs_of(params)
    declared: dict[str, tuple[str, list[int]]] = {}
    sources = [top, params] + [p.read_text() for p in (fw / "weights").glob("*.h")]
    for text in sources:
        for m in re.finditer(r"^\s*(?:BCD_LOCAL\s+)?([\w:<>, *]+?)\s+(\w+)((?:\[\d+\])+)\s*(?:;|=)", text, re.M):
            declared[m.group(2)] = (m.group(1).strip(), [int(d) for d in re.findall(r"\[(\d+)\]", m.group(3))])
    memories = []
    for m in re.finditer(r"// bcdsim memory: unit=(\S+) memory=(\S+) role=\S+\n((?:\s*(?:BCD_LOCAL|#pragma).*\n)*)",
                         top):
        var = re.search(r"variable=(\w+)", m.group(3)).group(1)
        ctype, dims = declared[var]
        width, depth, copies, impl = geometry(type_bits(ctype, typedefs), dims, _pragmas(m.group(3), var))
        memories.append(Bound(f"{m.group(1)}.{m.group(2)}", var, width, depth, copies, IMPL_STYLE.get(impl, "")))
    fifos = []
    for m in re.finditer(r'hls::stream<([\w:<>, *]+?)>\s+(\w+)\("([^"]+)"\);', top):
        ctype, var, name = m.groups()
        pr = _pragmas(top, var)
        depth = next((int(re.search(r"depth\s*=\s*(\d+)", p).group(1)) for p in pr if p.startswith("STREAM")), None)
        impl = next((re.search(r"impl\s*=\s*(\w+)", p).group(1) for p in pr if p.startswith("BIND_STORAGE")), "")
        if depth is not None:
            fifos.append(Bound(name, var, type_bits(ctype, typedefs), depth, 1, IMPL_STYLE.get(impl, "")))
    return memories, fifos


def widest_types(project: Path) -> list[tuple[int, str, str]]:
    """Every ap_[u]int / ap_[u]fixed / stream word type written in the project's C++ with its bits,
    (bits, file, type), widest first."""
    fw = project / "firmware"
    files = [fw / "defines.h", fw / "parameters.h", fw / "bcdsim_top.cpp", fw / "bcdsim_top.h"]
    files += sorted(fw.glob("bcdsim_*.cpp")) + sorted((fw / "weights").glob("*.h"))
    typedefs = typedefs_of((fw / "defines.h").read_text()) | typedefs_of((fw / "parameters.h").read_text())
    out = []
    for f in dict.fromkeys(files):
        if not f.is_file():
            continue
        text = f.read_text()
        for m in re.finditer(r"\b(?:ap_u?int|ap_u?fixed)<[^<>]*>|nnet::array<[^<>]*(?:<[^<>]*>)?[^<>]*>", text):
            try:
                out.append((type_bits(m.group(0), typedefs), f.name, m.group(0)))
            except (ValueError, SyntaxError, NameError):
                continue  # a template parameter (e.g. ap_uint<N>), no literal width
    return sorted(out, reverse=True)
