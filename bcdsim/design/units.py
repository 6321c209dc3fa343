"""The design's nouns: units, the streams between them and their memories (docs/hardware_units.md).

A ``Unit`` is one process of the dataflow design: one per hardware op (with the ops it fuses),
plus the auxiliary processes an op needs (a sliding window, the two sides of a frame buffer) and
the forks and width converters that wiring inserts. Units are keyed by hardware-graph node names:
a primary unit is named after its main node; an auxiliary one appends ``__<role>``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bcdsim.ir.dtypes import Bipolar, DataType

# Unit kinds (docs/hardware_units.md §4). PRIMARY kinds carry a folding entry.
XNOR_MVAU, DSP_MVAU = "xnor_mvau", "dsp_mvau"
WINDOW, GATHER_IN, GATHER_OUT = "window", "gather_in", "gather_out"
ELTWISE, THRESHOLD, ADD, OFFSET_ADD, CONCAT = "eltwise", "threshold", "add", "offset_add", "concat"
POOL, GAP, CONTEXT_SCAN, CONTEXT_REPLAY = "pool", "gap", "context_scan", "context_replay"
FORK, CONVERT, INPUT = "fork", "convert", "input"
# The tile schedule of a DDR-streamed matrix unit: its input frame banked and replayed once per
# output fold, its outputs banked in DDR and read back pixel-major.
FRAME_IN, FRAME_REPLAY, FRAME_OUT = "frame_in", "frame_replay", "frame_out"

MATRIX_KINDS = (XNOR_MVAU, DSP_MVAU)
PRIMARY_KINDS = (XNOR_MVAU, DSP_MVAU, ELTWISE, THRESHOLD, ADD, OFFSET_ADD, CONCAT, POOL, GAP, CONTEXT_REPLAY)
MEMORY_STYLES = ("lutram", "bram", "uram", "ddr")
MAX_WORD_BITS = 4096  # Vitis HLS: no ap_int or stream word wider (DESIGN.md §9)


@dataclass(frozen=True)
class Fold:
    simd: int = 1  # matrix units: input elements per cycle; context: MAC lanes of its FCs
    pe: int = 1  # matrix units: outputs per cycle; per-channel units: channel lanes


@dataclass(frozen=True)
class Geometry:
    """Sizes a unit's schedule and cost depend on (unused fields keep their defaults)."""

    channels: int  # C of the input map (or vector)
    height: int = 1
    width: int = 1
    out_channels: int = 0  # MH of matrix units; 0: same as channels
    out_height: int = 1
    out_width: int = 1
    kernel: int = 1
    stride: int = 1
    pad: int = 0
    groups: int = 1
    branches: int = 1  # a shift-MLP's three sources
    hidden: int = 0  # the contextual unit's e width
    first: int = 0  # concat: channels of the first input

    @property
    def pixels(self) -> int:
        return self.height * self.width

    @property
    def out_pixels(self) -> int:
        return self.out_height * self.out_width

    @property
    def mw(self) -> int:
        """Dot-product length of a matrix unit."""
        return self.kernel * self.kernel * self.channels * self.branches // self.groups

    @property
    def mh(self) -> int:
        return self.out_channels or self.channels

    @property
    def windowed(self) -> bool:
        return self.kernel > 1 or self.stride > 1 or self.pad > 0


@dataclass(eq=False)
class Stream:
    """One FIFO between two units (``producer``/``consumer`` "" = outside the design)."""

    name: str
    tensor: str  # the hardware node whose value it carries
    dtype: DataType
    channels: int
    height: int
    width: int
    lanes: int
    producer: str = ""
    consumer: str = ""
    window: bool = False  # window words: SIMD elements of K*K*C windows (bipolar ones with valid bits)
    depth: int = 2  # words
    window_words: int = 0  # window streams: words per frame
    style: str = ""  # where the FIFO lives (lutram: SRL or LUTRAM, bram, uram, ddr), set by placement
    bank: bool = False  # between the two sides of a frame bank: handed over whole, not a FIFO

    @property
    def bipolar(self) -> bool:
        return isinstance(self.dtype, Bipolar)

    @property
    def element_bits(self) -> int:
        return self.dtype.bits

    @property
    def word_bits(self) -> int:
        bits = self.lanes * self.element_bits
        return 2 * bits if self.window and self.bipolar else bits

    @property
    def words(self) -> int:
        """Words per frame: the map's, or for a window stream every output pixel's K*K*C window."""
        return self.window_words or self.height * self.width * self.channels // self.lanes


@dataclass(frozen=True)
class Memory:
    """One memory of a unit, placed by ``bcdsim.design.placement``."""

    name: str  # unique within the unit: weights, params, lines, bank, ...
    role: str  # "weights" | "params" | "buffer" | "fifo"
    width: int  # bits read per cycle
    depth: int  # words
    copies: int = 1  # replicated for read ports
    sequential: bool = False  # read in write order (weights, frame banks): packable into wider words
    style: str = ""  # lutram | bram | uram | ddr (empty until placed)

    @property
    def bits(self) -> int:
        return self.width * self.depth * self.copies


@dataclass(eq=False)
class Unit:
    name: str
    kind: str
    nodes: tuple[str, ...]  # hardware nodes it implements, the main one first
    geometry: Geometry
    fold: Fold = field(default_factory=Fold)
    inputs: list[Stream] = field(default_factory=list)
    outputs: list[Stream] = field(default_factory=list)
    memories: list[Memory] = field(default_factory=list)
    owner: str = ""  # auxiliary units: the primary unit they belong to (its folding drives theirs)
    source: str = ""  # module path of the main node, for reports
    ddr: bool = False  # matrix units: weights streamed from DDR (tile schedule)
    stage: str = ""  # XNOR units: the fused output stage (affine, threshold, identity); eltwise: the form's mode
    op: str = ""  # class name of the main hardware op (primary units)
    repeats: int = 1  # frames of work per frame: a window or gather replaying for the tile schedule

    @property
    def primary(self) -> bool:
        return not self.owner and self.kind in PRIMARY_KINDS

    @property
    def node(self) -> str:
        return self.nodes[0] if self.nodes else self.name


@dataclass
class Design:
    """The one design: units in dataflow (topological) order and the streams between them."""

    name: str
    units: list[Unit]
    streams: list[Stream]
    input: Stream
    output: Stream
    folding_source: str = "default"
    timing: object = None  # the schedule replay (``bcdsim.design.timing.Replay``) once FIFOs are sized

    def __post_init__(self) -> None:
        self.by_name = {u.name: u for u in self.units}

    def unit(self, name: str) -> Unit:
        return self.by_name[name]

    @property
    def primaries(self) -> list[Unit]:
        return [u for u in self.units if u.primary]

    def folding(self) -> dict[str, Fold]:
        return {u.name: u.fold for u in self.primaries}

    def members(self, primary: str) -> list[Unit]:
        """A primary unit and the auxiliary units its folding drives."""
        return [u for u in self.units if u.name == primary or u.owner == primary]
