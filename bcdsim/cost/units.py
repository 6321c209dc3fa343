"""Per-unit cost model of the streaming dataflow accelerator (DESIGN.md §5, §6).

Each hardware unit is parameterised by its folding: SIMD input lanes and PE output lanes (matrix
units), or PE channel lanes (elementwise and buffer units). For one frame a unit reports cycles
(its initiation interval between frames), latency (first input accepted to first output produced),
LUT / FF / DSP of its logic, and its memories (weights, per-channel parameters, buffers) whose
BRAM36 / URAM / LUTRAM mapping the network model decides (``bcdsim.cost.memory``).

Origins of the formulas (all reimplemented here, nothing copied):
- Matrix-vector-activation unit (MVAU) cycles = pixels * (MW/SIMD) * (MH/PE): FINN-R (Blott et al.,
  "FINN-R", ACM TRETS 2018, §4) and FINN's MVAU ``get_exp_cycles``.
- Sliding-window unit (SWU) cycles: FINN's ConvolutionInputGenerator ``get_exp_cycles``
  (finn-hlslib slidingwindow.h schedule): fill IW*K*C/SIMD plus OH rows of
  max(OW*K*K*C/SIMD write, stride*IW*C/SIMD read) cycles.
- LUT/FF coefficients are bcdsim's own analytical starting points for the RTL we generate
  (compressor-tree popcount ~1.5 LUT per XNOR bit, DESIGN.md §6), to be calibrated against yosys;
  FINN's published MVAU LUT model (~6.6 LUT per binary lane) is kept for comparison in
  ``benchmarks/cost_vs_finn.py``.
Every figure is ``analytical`` until ``SOURCES`` says otherwise (calibration flips entries).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from bcdsim.cost.memory import Memory

# Source level of each figure: analytical -> rtl-sim / yosys-fitted once calibrated.
# XNOR MVAU cycles and latency equal RTL simulation (rtl_tests/, every tested folding); its LUTs are
# fitted to yosys synth_xilinx of bcdsim/rtllib/bcd_xnor_mvau.v; every other unit is still analytical.
SOURCES: dict[str, str] = {"cycles": "rtl-sim (XNOR MVAU), analytical (other units)",
                           "latency": "rtl-sim (XNOR MVAU), analytical (other units)",
                           "lut": "yosys-fitted (XNOR MVAU), analytical (other units)",
                           "ff": "analytical", "dsp": "analytical", "memory": "analytical"}

MATRIX_KINDS = ("mvau", "shift_mvau", "dsp_mvau")
XNOR_KINDS = ("mvau", "shift_mvau")
BARRIER_KINDS = ("gap", "gather", "context")  # emit nothing before the whole input frame arrived
TIED_KINDS = ("swu", "gather")  # SIMD tied to the matrix unit they feed

# XNOR MVAU LUTs, least-squares fit to yosys 0.23 synth_xilinx of bcdsim/rtllib/bcd_xnor_mvau.v at 8 SIMD x PE
# points from 16x4 to 128x32 (bcdsim/rtllib/calibration/xnor_area.json): max error 5.2%, rms 2.7%.
XNOR_LUT_PER_LANE, XNOR_LUT_PER_PE_LOG2_SIMD, XNOR_LUT_BASE = 1.3219, 1.771, 7.5
UNIT_BASE_LUT = 24  # handshake + counters of a small streaming unit
MATRIX_BASE_LUT = 48  # fold counters and control of a matrix unit
DDR_READER_LUT, DDR_READER_FF = 400, 600  # AXI4 burst reader/writer per DDR stream (estimate, to calibrate)


@dataclass(frozen=True)
class HwConfig:
    """Bit widths of the generated hardware (the fixed-point pass may refine them per tensor)."""

    act_bits: int = 16  # real-valued residual stream, fixed point
    input_bits: int = 8  # image pixels
    real_weight_bits: int = 8  # stem / head / embedding weights
    param_bits: int = 16  # per-channel constants (BN affine, thresholds, PReLU)


@dataclass(frozen=True, eq=False)
class UnitSpec:
    """What the graph fixes about a unit; folding (SIMD, PE) and memory style are chosen later."""

    name: str
    kind: str
    nodes: tuple[str, ...]  # IR nodes this unit implements
    source: str  # module path of the main node, for reports
    channels: int  # input channels (C) of maps; MH for matrix units' output
    mw: int = 1  # matrix units: dot-product length; others 1
    mh: int = 1  # matrix units: output channels; elementwise: channels
    oh: int = 1
    ow: int = 1
    ih: int = 1
    iw: int = 1
    k: int = 1
    stride: int = 1
    pad: int = 0
    in_bits: int = 16
    out_bits: int = 16
    weight_bits: int = 0  # bits per weight of matrix units (1 for XNOR)
    bops: int = 0  # binary MACs per frame (XNOR units), for the roofline
    macs: int = 0  # real MACs per frame
    tied_to: str = ""  # swu/gather: the matrix unit whose SIMD they share
    extra: dict = field(default_factory=dict)  # kind-specific sizes (hidden width, first concat part...)

    @property
    def pixels(self) -> int:
        return self.oh * self.ow


@dataclass
class UnitCost:
    name: str
    kind: str
    simd: int
    pe: int
    cycles: int
    latency: int
    lut: int
    ff: int
    dsp: int
    memories: tuple[Memory, ...] = ()


def divisors(n: int) -> tuple[int, ...]:
    return tuple(d for d in range(1, n + 1) if n % d == 0)


def acc_bits(mw: int) -> int:
    """Signed width of an XNOR dot product 2*popcount - n over ``mw`` bits (range [-mw, mw])."""
    return math.ceil(math.log2(mw + 1)) + 1


def mvau_cycles(oh: int, ow: int, mw: int, mh: int, simd: int, pe: int) -> int:
    """Cycles per frame of an MVAU: one SIMD x PE fold per cycle, no bubbles (FINN's schedule).

    The fixed contract the RTL XNOR MVAU is built to: OH*OW*(MW/SIMD)*(MH/PE), with SIMD | MW and
    PE | MH (FINN-R §4; FINN MVAU ``get_exp_cycles``).
    """
    if mw % simd or mh % pe:
        raise ValueError(f"SIMD {simd} must divide MW {mw} and PE {pe} must divide MH {mh}")
    return oh * ow * (mw // simd) * (mh // pe)


def mvau_depth(simd: int) -> int:
    """Register stages of the RTL XNOR MVAU from a fold's input to its accumulated result.

    Single source of truth for the RTL engineer (read from ``bcdsim.cost.units``); to be confirmed
    by RTL simulation. Stages: 1 weight-memory read register, ceil(log2(SIMD)/2) compressor-tree
    stages (a register every two adder levels), 1 accumulator, 1 output register.
    """
    tree = math.ceil(math.log2(simd) / 2) if simd > 1 else 0
    return 3 + tree


def mvau_latency(mw: int, simd: int) -> int:
    """Cycles from the first input word accepted to the first output: all MW/SIMD folds of the
    first output group enter (one per cycle), the last one leaves ``mvau_depth`` stages later."""
    return mw // simd - 1 + mvau_depth(simd)


def dsp_mvau_depth(simd: int) -> int:
    """A fixed-point dot product along a DSP48 cascade (PCIN/PCOUT, AMD UG579): one stage per
    product plus the A/B, M, P and output registers."""
    return simd + 4


def swu_cycles(ih: int, iw: int, c: int, k: int, stride: int, oh: int, ow: int, simd: int, pad: int = 0) -> int:
    """FINN's ConvolutionInputGenerator estimate on the padded input (conservative): fill of K lines
    plus OH rows of max(write OW*K*K*C/SIMD, read stride*IW*C/SIMD). With SIMD > C (parallel
    window) the read side still takes one pixel (C channels) per cycle at most."""
    in_fold = c // min(simd, c)
    out_fold = k * k * c // simd
    iw_p = iw + 2 * pad
    return iw_p * k * in_fold + oh * max(ow * out_fold, stride * iw_p * in_fold)


def swu_latency(iw: int, c: int, k: int, pad: int, simd: int) -> int:
    """Fill until the first window is complete: K-1-pad real lines and K-pad pixels, plus 2 stages."""
    fill = max(0, (k - 1 - pad) * iw + (k - pad)) * (c // min(simd, c))
    return fill + 2


def _matrix(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig) -> UnitCost:
    cycles = mvau_cycles(spec.oh, spec.ow, spec.mw, spec.mh, simd, pe)
    weights = Memory("weights", simd * pe * spec.weight_bits, spec.mw * spec.mh // (simd * pe), ddr_ok=True)
    if spec.kind in XNOR_KINDS:
        acc = acc_bits(spec.mw)
        lut = XNOR_LUT_PER_LANE * simd * pe + XNOR_LUT_PER_PE_LOG2_SIMD * pe * math.log2(simd) + XNOR_LUT_BASE
        ff = MATRIX_BASE_LUT + simd + pe * (simd // 2 + 2 * acc)
        return UnitCost(spec.name, spec.kind, simd, pe, cycles, mvau_latency(spec.mw, simd),
                        int(lut), int(ff), 0, (weights,))
    # Real-valued conv/linear on DSP48s: one DSP per MAC lane (products <= 27x18 bits, UG579).
    acc = spec.in_bits + spec.weight_bits + math.ceil(math.log2(spec.mw))
    mems = [weights]
    if spec.extra.get("bias"):
        mems.append(Memory("params", pe * cfg.param_bits, spec.mh // pe))
    return UnitCost(spec.name, spec.kind, simd, pe, cycles, spec.mw // simd - 1 + dsp_mvau_depth(simd),
                    MATRIX_BASE_LUT + pe * acc, MATRIX_BASE_LUT + simd * spec.in_bits + 2 * pe * acc,
                    simd * pe, tuple(mems))


def _swu(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig) -> UnitCost:
    c, bits = spec.channels, spec.in_bits
    iw_p = spec.iw + 2 * spec.pad
    lines = spec.k if spec.stride == 1 else spec.k + 1  # one extra line absorbs the stride
    lanes = min(simd, c)  # banked copies serve the extra kernel positions of a parallel window
    buffer = Memory("buffer", lanes * bits, math.ceil(lines * iw_p * c / lanes), copies=math.ceil(simd / lanes))
    lut = UNIT_BASE_LUT * 2 + simd * bits // 4 + (spec.k * spec.k if spec.pad else 0)  # + valid mask
    return UnitCost(spec.name, "swu", simd, 1,
                    swu_cycles(spec.ih, spec.iw, c, spec.k, spec.stride, spec.oh, spec.ow, simd, spec.pad),
                    swu_latency(spec.iw, c, spec.k, spec.pad, simd), lut, UNIT_BASE_LUT * 2 + 2 * simd * bits,
                    0, (buffer,))


def gather_lanes(spec: UnitSpec, simd: int) -> tuple[int, int]:
    """(channels per source per word, copies) of the shift-MLP gather for a matrix SIMD."""
    sources = spec.mw // spec.channels
    if simd % sources == 0 and spec.channels % (simd // sources) == 0:
        return simd // sources, sources  # channel-interleaved: every source read in the same cycle
    return simd, 1  # source-major: all words of one source, then the next


def _gather(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig) -> UnitCost:
    """Frame buffer of the shift-MLP: circular shifts read any row, so the whole binary map is
    held, double-buffered (replay order differs from arrival order)."""
    lanes, copies = gather_lanes(spec, simd)
    frame = spec.ih * spec.iw * spec.channels
    buffer = Memory("buffer", lanes, math.ceil(2 * frame / lanes), copies=copies)
    cycles = spec.pixels * spec.mw // simd
    return UnitCost(spec.name, "gather", simd, 1, cycles, frame // lanes + 2,
                    UNIT_BASE_LUT * 3 + simd, UNIT_BASE_LUT * 3 + 2 * simd, 0, (buffer,))


def _context(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig) -> UnitCost:
    """Contextual threshold unit: GAP over the map, e = W1 GAP(x), alpha = W2 e, offsets W3 e; the
    map waits in an in-place frame buffer (read-before-write, same scan order) and is replayed."""
    c, hw, act = spec.channels, spec.ih * spec.iw, cfg.act_bits
    frame_cycles = hw * c // pe
    lanes = max(1, math.ceil(spec.macs / frame_cycles))  # DSP MACs for the small FCs, once per frame
    gap_w = act + math.ceil(math.log2(hw)) if hw > 1 else act
    n_vec = 1 + spec.extra.get("offsets", 0)  # alpha and each offset vector, one value per channel
    mems = (Memory("buffer", pe * act, hw * c // pe, sequential=True),
            Memory("buffer", pe * gap_w, math.ceil(c / pe)),
            Memory("buffer", pe * act, math.ceil(n_vec * c / pe)),
            Memory("weights", lanes * cfg.real_weight_bits, math.ceil(spec.macs / lanes)))
    acc = act + cfg.real_weight_bits + math.ceil(math.log2(max(2, c)))
    latency = frame_cycles + math.ceil(spec.macs / lanes) + 4
    return UnitCost(spec.name, "context", 1, pe, frame_cycles, latency,
                    UNIT_BASE_LUT * 5 + pe * (act + gap_w) + lanes * acc, UNIT_BASE_LUT * 5 + pe * (2 * act + gap_w)
                    + 2 * lanes * acc, lanes, mems)


# Elementwise units: (LUT per lane as a function of the stream width, DSP per lane, params per channel).
_ELEMENTWISE = {
    "affine": (lambda b: b + 4, 1, 2),  # BN (and alpha) on the integer popcount: s*x + t
    "prelu": (lambda b: 2 * b + 4, 1, 3),  # RPReLU: bias, slope multiply on the negative side, bias
    "add": (lambda b: b + 2, 0, 0),  # saturating fixed-point residual add
    "bias": (lambda b: b, 0, 1),
    "offset_add": (lambda b: b, 0, 0),  # + per-frame offset from the context unit (stored there)
    "scale": (lambda b: 4, 1, 0),
    "threshold": (lambda b: b + 1, 0, 1),  # compare with a per-channel threshold -> 1 bit
    "concat": (lambda b: b // 2 + 1, 0, 0),
    "dup": (lambda b: 0, 0, 0),
    "fifo": (lambda b: 0, 0, 0),
}


def _elementwise(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig, fifo_elems: int = 0) -> UnitCost:
    lut_lane, dsp_lane, n_params = _ELEMENTWISE[spec.kind]
    c, bits = spec.mh, spec.in_bits
    mems: list[Memory] = []
    if n_params:
        mems.append(Memory("params", pe * n_params * cfg.param_bits, math.ceil(c / pe)))
    if spec.kind == "concat":  # the first part of each pixel waits while the second one passes
        mems.append(Memory("buffer", pe * bits, math.ceil(spec.extra.get("first", c // 2) / pe)))
    if spec.kind == "fifo" and fifo_elems:
        mems.append(Memory("buffer", pe * bits, math.ceil(fifo_elems / pe), sequential=True))
    latency = 4 if dsp_lane else 1
    return UnitCost(spec.name, spec.kind, 1, pe, spec.pixels * c // pe, latency,
                    UNIT_BASE_LUT + pe * lut_lane(bits), UNIT_BASE_LUT + pe * spec.out_bits * (2 if latency > 1 else 1),
                    pe * dsp_lane, tuple(mems))


def _pool(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig) -> UnitCost:
    c, bits, k = spec.channels, spec.in_bits, spec.k
    if spec.kind == "gap":
        gap_w = bits + math.ceil(math.log2(max(2, spec.ih * spec.iw)))
        mems = (Memory("buffer", pe * gap_w, math.ceil(c / pe)),)
        cycles = spec.ih * spec.iw * c // pe
        return UnitCost(spec.name, "gap", 1, pe, cycles, cycles + 2, UNIT_BASE_LUT + pe * gap_w,
                        UNIT_BASE_LUT + 2 * pe * gap_w, 0, mems)
    lines = max(1, k - 1 - spec.pad + (1 if spec.stride == 1 else 0))
    mems = (Memory("buffer", pe * bits, math.ceil(lines * (spec.iw + 2 * spec.pad) * c / pe)),)
    latency = max(0, (k - 1 - spec.pad) * spec.iw + k - spec.pad) * (c // pe) + 2
    return UnitCost(spec.name, spec.kind, 1, pe, spec.ih * spec.iw * c // pe, latency,
                    UNIT_BASE_LUT + pe * 2 * bits, UNIT_BASE_LUT + 2 * pe * bits, 0, mems)


_KIND_COST = {"mvau": _matrix, "shift_mvau": _matrix, "dsp_mvau": _matrix, "swu": _swu, "gather": _gather,
              "context": _context, "avgpool": _pool, "maxpool": _pool, "gap": _pool}
KINDS = tuple(_KIND_COST) + tuple(_ELEMENTWISE)


def unit_cost(spec: UnitSpec, simd: int, pe: int, cfg: HwConfig, fifo_elems: int = 0) -> UnitCost:
    """Cycles, latency, logic and memories of ``spec`` at folding (SIMD, PE)."""
    fn = _KIND_COST.get(spec.kind)
    if fn is None:
        return _elementwise(spec, simd, pe, cfg, fifo_elems)
    return fn(spec, simd, pe, cfg)


def simd_options(spec: UnitSpec) -> tuple[int, ...]:
    """SIMD values the kernels accept (all divide MW).

    1x1 units: divisors of MW. Windowed convs: divisors of the (per-group) input channels, since
    the SWU streams SIMD channels of one pixel, or C x d with d | K*K (the SWU's parallel-window
    mode emits d kernel positions per cycle). Shift-MLP: divisors of C, or 3 x those
    (channel-interleaved gather reading the three sources in the same cycle).
    """
    if spec.kind not in MATRIX_KINDS:
        return (1,)
    if spec.kind == "shift_mvau":
        sources = spec.mw // spec.channels
        base = divisors(spec.channels)
        return tuple(sorted(set(base) | {sources * s for s in base}))
    if spec.k == 1 and spec.stride == 1:
        return divisors(spec.mw)
    c = spec.channels // spec.extra.get("groups", 1)
    opts = set(divisors(c)) | {c * d for d in divisors(spec.k * spec.k)}
    return tuple(sorted(s for s in opts if spec.mw % s == 0))


def pe_options(spec: UnitSpec) -> tuple[int, ...]:
    if spec.kind in TIED_KINDS:
        return (1,)
    if spec.kind in ("avgpool", "maxpool", "gap", "context"):
        return divisors(spec.channels)
    return divisors(spec.mh)
