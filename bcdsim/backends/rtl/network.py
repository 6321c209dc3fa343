"""The whole network in RTL, built from the one design (``bcdsim.design``): one library instance per
design unit (a unit's auxiliary processes that share one module, such as a gather's two sides or
the contextual unit's scan and replay, are one instance), one ``bcd_fifo`` per stream at the
design's depth, and the design's input and output streams as the AXI-Stream ports of
``bcd_network`` (NETWORK_TOP.md). Parameters and memory images come from the packers
(``bcdsim.backends.rtl.units``, ``spec``/``stage`` for the XNOR layers); nothing is regrouped here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bcdsim.backends.rtl.emit import Unit as LayerUnit
from bcdsim.backends.rtl.emit import describe
from bcdsim.backends.rtl.model import layer_spec
from bcdsim.backends.rtl.spec import (
    AffineStage,
    Folding,
    LayerSpec,
    ThresholdStage,
    affine_words,
    threshold_words,
    verilog_name,
    weight_words,
)
from bcdsim.backends.rtl.stage import affine_stage, threshold_stage
from bcdsim.backends.rtl.units import (
    PACKERS,
    Fold,
    RtlUnit,
    convert_unit,
    fork_unit,
    gather_unit,
    pack_unit,
    window_unit,
)
from bcdsim.design import units as k
from bcdsim.design.units import Design, Stream, Unit
from bcdsim.errors import UserError
from bcdsim.hw.ops import XnorConv2d, XnorShiftMLP
from bcdsim.ir.graph import Graph
from bcdsim.registry import registrar

# Units that are a side of another unit's module: emitted with it.
MERGED = (k.GATHER_OUT, k.CONTEXT_SCAN, k.INPUT)
UNSUPPORTED = (k.FRAME_IN, k.FRAME_REPLAY, k.FRAME_OUT)  # the DDR tile schedule has no RTL yet


@dataclass
class Instance:
    """One library module instance: ports map a port prefix (``in``, ``out``, ``a``, ...) to the
    stream it carries; ``raw`` ports are wired verbatim."""

    name: str
    module: str
    params: dict[str, int]
    memories: dict[str, list[str]] = field(default_factory=dict)  # string parameter -> $readmemh lines
    inputs: dict[str, Stream] = field(default_factory=dict)
    outputs: dict[str, Stream] = field(default_factory=dict)
    units: tuple[str, ...] = ()  # the design units it implements
    raw: dict[str, str] = field(default_factory=dict)

    def memory_file(self, param: str) -> str:
        return f"{self.name}_{param.lower()}.mem"


Emitter = object
EMITTERS: dict[str, object] = {}
emits = registrar(EMITTERS)  # by unit kind


@dataclass
class Network:
    design: Design
    graph: Graph  # the typed hardware graph the design was built from
    canonical: Graph
    instances: list[Instance]
    streams: list[Stream]  # the FIFOs (every non-bank stream but the graph output)

    def stream_index(self) -> dict[str, int]:
        return {s.name: i for i, s in enumerate(self.streams)}


def check_supported(design: Design, graph: Graph) -> None:
    """A design unit the RTL library has no module for: one error naming the op."""
    for u in design.units:
        if u.kind in UNSUPPORTED:
            raise UserError(f"the RTL library has no unit for '{u.owner}' with weights in DDR (the tile schedule)")
        if u.primary and u.kind != k.XNOR_MVAU and u.kind != k.CONTEXT_REPLAY:
            op = graph.node(u.node).op
            if type(op) not in PACKERS:
                raise UserError(f"the RTL library has no unit for {type(op).__name__} ('{u.node}')")


def build_network(design: Design, graph: Graph, canonical: Graph) -> Network:
    check_supported(design, graph)
    instances = []
    for u in design.units:
        if u.kind in MERGED:
            continue
        instances.append(EMITTERS[u.kind](design, graph, canonical, u))
    fifos = [s for s in design.streams if not s.bank and s.consumer]
    return Network(design, graph, canonical, instances, fifos)


def _name(u: Unit) -> str:
    return "u_" + verilog_name(u.name)


def _per_unit(module: RtlUnit, u: Unit, ports: list[str] | None = None) -> Instance:
    inst = Instance(_name(u), module.module, dict(module.params), dict(module.memories), units=(u.name,))
    names = ports or (["in"] if len(u.inputs) == 1 else ["a", "b"])
    inst.inputs = dict(zip(names, u.inputs))
    inst.outputs = {"out": u.outputs[0]}
    return inst


@emits(k.ELTWISE, k.THRESHOLD, k.ADD, k.OFFSET_ADD, k.CONCAT, k.POOL, k.GAP, k.DSP_MVAU)
def _packed(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    try:
        rtl = pack_unit(graph, u.node, Fold(u.fold.simd, u.fold.pe))
    except ValueError as e:
        raise UserError(f"RTL: {e}") from None
    if u.kind == k.CONCAT and rtl.params["L"] != u.outputs[0].lanes:
        raise UserError(f"RTL: '{u.name}': concat lanes {rtl.params['L']} differ from the stream's "
                        f"{u.outputs[0].lanes}")
    return _per_unit(rtl, u)


@emits(k.CONVERT)
def _convert(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    s_in, s_out = u.inputs[0], u.outputs[0]
    return _per_unit(convert_unit(s_in.lanes, s_out.lanes, s_in.element_bits), u)


@emits(k.FORK)
def _fork(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    inst = Instance(_name(u), "bcd_fork", fork_unit(len(u.outputs), u.inputs[0].word_bits).params,
                    units=(u.name,))
    inst.inputs = {"in": u.inputs[0]}
    inst.outputs = {f"out{i}": s for i, s in enumerate(u.outputs)}  # wired by the fork rule in top.py
    return inst


@emits(k.WINDOW)
def _window(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    g, src = u.geometry, u.inputs[0]
    owner = design.unit(u.owner)
    bipolar = owner.kind == k.XNOR_MVAU
    if g.groups != 1:
        raise UserError(f"RTL: '{u.owner}': no sliding window for grouped convolutions")
    try:
        rtl = window_unit(g.channels, g.height, g.width, g.kernel, g.stride, g.pad, u.fold.simd,
                          src.element_bits, bipolar)
    except ValueError as e:
        raise UserError(f"RTL: '{u.owner}': {e}") from None
    return _per_unit(rtl, u)


@emits(k.GATHER_IN)
def _gather(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    out_side = next(x for x in design.units if x.kind == k.GATHER_OUT and x.owner == u.owner)
    try:
        rtl = gather_unit(graph, u.owner, u.fold.simd)
    except ValueError as e:
        raise UserError(f"RTL: {e}") from None
    inst = Instance(_name(u), rtl.module, dict(rtl.params), units=(u.name, out_side.name))
    inst.inputs = {"in": u.inputs[0]}
    inst.outputs = {"out": out_side.outputs[0]}
    return inst


@emits(k.CONTEXT_REPLAY)
def _context(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    scan = next(x for x in design.units if x.kind == k.CONTEXT_SCAN and x.owner == u.name)
    try:
        rtl = pack_unit(graph, u.node, Fold(u.fold.simd, u.fold.pe))
    except ValueError as e:
        raise UserError(f"RTL: {e}") from None
    inst = Instance(_name(u), rtl.module, dict(rtl.params), dict(rtl.memories), units=(scan.name, u.name))
    inst.inputs = {"in": scan.inputs[0]}
    inst.outputs = {"out": u.outputs[0]}
    e = [s for s in scan.outputs if not s.bank]
    if e:
        inst.outputs["e"] = e[0]
    else:
        inst.raw = {"e_data": "", "e_valid": "", "e_ready": "1'b1"}
    return inst


def xnor_spec(graph: Graph, canonical: Graph, u: Unit) -> LayerSpec:
    """The XNOR unit as the per-layer generator describes it, with the design's fused stage."""
    node = graph.node(u.node)
    if not isinstance(node.op, (XnorConv2d, XnorShiftMLP)):
        raise UserError(f"RTL: '{u.name}' is no XNOR layer ({type(node.op).__name__})")
    spec = layer_spec(canonical, graph, node)
    stage = None
    if u.stage == "affine":
        stage = affine_stage(graph.node(u.nodes[1]))
    elif u.stage == "threshold":
        stage = threshold_stage(graph.node(u.nodes[1]))
    return LayerSpec(spec.node, spec.unit, spec.kind, spec.channels, spec.out_channels, spec.k, spec.stride,
                     spec.padding, spec.segments, spec.weight, spec.source, stage,
                     u.nodes[1] if stage is not None else "")


@emits(k.XNOR_MVAU)
def _xnor(design: Design, graph: Graph, canonical: Graph, u: Unit) -> Instance:
    spec = xnor_spec(graph, canonical, u)
    fold = Folding(u.fold.simd, u.fold.pe)
    info = describe(LayerUnit(spec, fold), "")
    params = {"MW": info["mw"], "MH": info["mh"], "SIMD": fold.simd, "PE": fold.pe, "SEGS": info["segs"],
              "MASK": info["mask"], "OUT_MODE": info["out_mode"], "SW": info["sw"], "A": info["a"],
              "CB": info["cb"], "RSH": info["rsh"], "OW": info["ow"]}
    mems = {"WEIGHTS": weight_words(spec, fold)}
    if isinstance(spec.stage, ThresholdStage):
        mems["THRESHOLDS"] = threshold_words(spec.stage, fold.pe, spec.rw)
    elif isinstance(spec.stage, AffineStage):
        mems["SCALES"], mems["SHIFTS"] = affine_words(spec.stage, fold.pe)
    out = u.outputs[0]
    if info["lane_w"] != out.element_bits:
        raise UserError(f"RTL: '{u.name}': output lanes of {info['lane_w']} bits, the stream has "
                        f"{out.element_bits}")
    inst = Instance(_name(u), "bcd_xnor_layer", params, mems, units=(u.name,))
    inst.inputs = {"in": u.inputs[0]}
    inst.outputs = {"out": out}
    inst.raw = {"in_w": str(info["in_w"]), "out_w": str(info["out_w"])}
    return inst
