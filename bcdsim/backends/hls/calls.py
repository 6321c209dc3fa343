"""The call text of every layer in the dataflow top: its memories (declared and bound where the
design places them), its internal FIFOs, and one BCD_SPAWN per dataflow process.

Every design memory on chip is bound with ``#pragma HLS BIND_STORAGE`` (ROMs ``rom_1p``, buffers
and banks ``ram_2p``; impl ``lutram``, ``bram`` or ``uram``) next to a ``// bcdsim memory:`` line
naming its unit and memory, with the partitioning the kernel's lanes need; a bank handed between
two processes is a ping-pong channel (``STREAM type=pipo depth=2``). Processes run in one
``BCD_SPAWN`` when they share a bank (they take turns on it in the threaded C simulation).
"""
from __future__ import annotations

from bcdsim.backends.hls.plan import Array, Layer

IMPL = {"lutram": "lutram", "bram": "bram", "uram": "uram"}


def _dims(dims: tuple[int, ...]) -> str:
    return "".join(f"[{d}]" for d in dims)


def memory_comment(unit: str, memory: str, role: str) -> str:
    return f"// bcdsim memory: unit={unit} memory={memory} role={role}"


def bind_lines(var: str, ram_type: str, style: str, pragmas: tuple[str, ...] = (), pipo: bool = False) -> list[str]:
    lines = [f"#pragma HLS BIND_STORAGE variable={var} type={ram_type} impl={IMPL[style]}"] if style in IMPL else []
    lines += [f"#pragma HLS {pr.format(var=var)}" for pr in pragmas]
    if pipo:
        lines.append(f"#pragma HLS STREAM variable={var} type=pipo depth=2")
    return lines


def array_lines(a: Array, var: str) -> list[str]:
    lines = [memory_comment(a.unit, a.memory, a.role)]
    if not a.glob:
        lines.append(f"BCD_LOCAL {a.ctype} {var}{_dims(a.dims)};")
    return lines + bind_lines(var, a.ram_type, a.style, a.pragmas, a.pipo)


def weight_lines(layer: Layer, p: dict) -> list[str]:
    """Bindings of the layer's ROMs (hls4ml's weight globals)."""
    lines = []
    for w in layer.weights:
        if not w.memory:
            continue
        var = p[w.attr]
        reshape = (f"ARRAY_RESHAPE variable={{var}} cyclic factor={w.reshape} dim=1",) if w.reshape > 1 else ()
        lines += [memory_comment(w.unit, w.memory, "weights" if w.memory == "weights" else "params")]
        lines += bind_lines(var, "rom_1p", w.style, reshape)
    return lines


def fifo_lines(var: str, ctype: str, depth: int, name: str) -> list[str]:
    """A FIFO inside a layer (no stream of the design: a DDR streamer's words, a bank token)."""
    return [f'hls::stream<{ctype}> {var}("{name}");', f"#pragma HLS STREAM variable={var} depth={depth}",
            f"#pragma HLS BIND_STORAGE variable={var} type=fifo impl=srl", f"BCD_FIFO_DEPTH({var}, {depth});"]


def globals_text(layer: Layer, p: dict) -> str:
    """Global declarations (weights loaded from DDR at start-up), written with the configs."""
    out = ""
    for a in layer.arrays:
        if a.glob:
            out += f"{a.ctype} {p[a.attr]}{_dims(a.dims)}; // {a.unit}.{a.memory}: loaded from DDR at start-up\n"
    return out


def _spawn(*calls: str) -> str:
    return "BCD_SPAWN(" + "; ".join(calls) + ");"


def _stage(p: dict) -> str:
    return f"bcd::{p['stage']}"


def _body(layer: Layer, p: dict) -> list[str]:
    f, i = layer.family, p["index"]
    cfg = f"config{i}"
    if f == "BcdDup":
        return [_spawn(f"bcd::dup<{cfg}, {p['input_t0']}>({p['input0']}, "
                       + ", ".join(p[f"output{j}"] for j in range(p["n_outputs"])) + ")")]
    if f == "BcdConvert":
        kind = "bits" if layer.attrs["bits"] else "values"
        return [_spawn(f"bcd::convert_{kind}<{cfg}>({p['input0']}, {p['output0']})")]
    if f == "BcdWindow":
        return [_spawn(f"bcd::window<{cfg}, {p['element']}>({p['input0']}, {p['output0']}, {p['lines']})")]
    if f == "BcdXnorMvau":
        if layer.attrs["streamed"]:
            w = f"wstream_{i}"
            return fifo_lines(w, f"ap_uint<{p['ddr_word_bits']}>", 2, f"{layer.name}.weights") + [
                _spawn(f"bcd::ddr_stream<{cfg}_ddr>(ddr, {w})"),
                _spawn(f"bcd::mvau_streamed<{cfg}, {_stage(p)}>({p['input0']}, {p['output0']}, {w}, {p['p0']}, "
                       f"{p['p1']})")]
        return [_spawn(f"bcd::mvau<{cfg}, {_stage(p)}>({p['input0']}, {p['output0']}, {p['wbits']}, {p['p0']}, "
                       f"{p['p1']})")]
    if f == "BcdXnorTile":
        w, done = f"wstream_{i}", f"done_{i}"
        return (fifo_lines(w, f"ap_uint<{p['ddr_word_bits']}>", 2, f"{layer.name}.weights")
                + fifo_lines(done, "ap_uint<1>", 1, f"{layer.name}.done")
                + [_spawn(f"bcd::ddr_stream<{cfg}_ddr>(ddr, {w})"),
                   _spawn(f"bcd::tile_mvau<{cfg}, {_stage(p)}>({p['input0']}, {w}, ddr, {done}, {p['p0']}, "
                          f"{p['p1']}, {p['partials']})"),
                   _spawn(f"bcd::frame_out<{cfg}, {_stage(p)}>({done}, ddr, {p['output0']})")])
    if f == "BcdTileIn":
        return [_spawn(f"bcd::frame_in<{cfg}>({p['input0']}, {p['bank']})",
                       f"bcd::frame_replay<{cfg}>({p['bank']}, {p['output0']})")]
    if f == "BcdGather":
        return [_spawn(f"bcd::gather_in<{cfg}>({p['input0']}, {p['bank']})",
                       f"bcd::gather_out<{cfg}>({p['bank']}, {p['output0']})")]
    if f == "BcdDspMvau":
        if layer.attrs["streamed"]:
            w = f"wstream_{i}"
            return fifo_lines(w, f"ap_uint<{p['ddr_word_bits']}>", 2, f"{layer.name}.weights") + [
                _spawn(f"bcd::ddr_stream<{cfg}_ddr>(ddr, {w})"),
                _spawn(f"bcd::dsp_mvau_streamed<{cfg}>({p['input0']}, {p['output0']}, {w}, {p['bias']})")]
        return [_spawn(f"bcd::dsp_mvau<{cfg}>({p['input0']}, {p['output0']}, {p['wfix']}, {p['bias']})")]
    if f == "BcdEltwise":
        return [_spawn(f"bcd::eltwise<{cfg}, bcd::{p['op']}>({p['input0']}, {p['output0']}, {p['p0']}, {p['p1']}, "
                       f"{p['p2']})")]
    if f == "BcdSign":
        if p["mode"] == "sign":
            return [_spawn(f"bcd::sign<{cfg}>({p['input0']}, {p['output0']}, {p['p0']})")]
        return [_spawn(f"bcd::int_threshold<{cfg}>({p['input0']}, {p['output0']}, {p['p0']}, {p['p1']})")]
    if f == "BcdAdd":
        return [_spawn(f"bcd::add<{cfg}>({p['input0']}, {p['input1']}, {p['output0']})")]
    if f == "BcdOffsetAdd":
        return [_spawn(f"bcd::offset_add<{cfg}>({p['input0']}, {p['input1']}, {p['output0']}, {p['offsets']})")]
    if f == "BcdConcat":
        return [_spawn(f"bcd::concat<{cfg}>({p['input0']}, {p['input1']}, {p['output0']})")]
    if f == "BcdPool":
        return [_spawn(f"bcd::pool<{cfg}, {p['max']}>({p['input0']}, {p['output0']}, {p['lines']})")]
    if f == "BcdGap":
        return [_spawn(f"bcd::gap<{cfg}>({p['input0']}, {p['output0']}, {p['sums']})")]
    if f == "BcdContext":
        e_out = p["output1"] if p["has_e"] == "true" else f"e_unused_{i}"
        lines = [] if p["has_e"] == "true" else [
            f'hls::stream<bcd::context_geometry<{cfg}>::e_word> {e_out}("{layer.name}.e_unused"); // never written']
        return lines + [_spawn(
            f"bcd::context_scan<{cfg}, {p['has_e']}>({p['input0']}, {p['bank']}, {p['alpha']}, {e_out}, {p['w1']}, "
            f"{p['w2']}, {p['sums']}, {p['means']}, {p['e']})",
            f"bcd::context_replay<{cfg}>({p['bank']}, {p['alpha']}, {p['output0']})")]
    if f == "BcdDdrFifo":
        tok = f"tokens_{i}"
        return fifo_lines(tok, "ap_uint<1>", p["depth"], f"{p['stream']}.tokens") + [
            _spawn(f"bcd::ddr_fifo_write<{cfg}, {p['input_t0']}>({p['input0']}, ddr, {tok})"),
            _spawn(f"bcd::ddr_fifo_read<{cfg}, {p['output_t0']}>({tok}, ddr, {p['output0']})")]
    raise KeyError(f)


def call_text(layer: Layer, p: dict) -> str:
    """The layer's lines in the dataflow top (the first one unindented: hls4ml indents it)."""
    lines = []
    for a in layer.arrays:
        lines += array_lines(a, p[a.attr])
    lines += weight_lines(layer, p)
    lines += _body(layer, p)
    return "\n    ".join(lines)


def load_lines(layers: list[Layer], arrays: dict[str, str]) -> list[str]:
    """The start-up loads of weights placed in URAM (``arrays``: attr-with-index -> C name)."""
    out = []
    for layer in layers:
        for a in layer.arrays:
            if a.load is not None:
                var = arrays[id(a)]
                n = 1
                for d in a.dims:
                    n *= d
                name = f"{a.unit}.{a.memory}__load"
                out.append(f'bcd::load_words<{a.ctype}, {n}>(ddr, {a.load.offset}, {var}, "{name}");')
    return out
