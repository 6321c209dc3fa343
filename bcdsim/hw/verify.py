"""L1 of the verification ladder: IR float vs IR hw (DESIGN.md §7).

Top-1 accuracy of each mode on labelled data (or random inputs where a model has none), their
top-1 agreement, and per-tensor error and saturation statistics of the fixed-point tensors,
matched to the float graph's tensors by name (see the naming rule in ``bcdsim.hw.passes``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np

from bcdsim.errors import UserError
from bcdsim.hw.interpret import run_hw, unsupported_ops
from bcdsim.hw.passes import to_hardware
from bcdsim.hw.typing import DEFAULT_MARGIN_BITS, DEFAULT_WIDTH, assign_types
from bcdsim.ir.dtypes import Bipolar, Fixed
from bcdsim.ir.graph import Graph
from bcdsim.ir.interpret import run


@dataclass
class TensorStats:
    name: str
    dtype: str
    elements: int = 0
    max_abs_error: float = 0.0
    sum_abs_error: float = 0.0
    saturated: int = 0

    @property
    def mean_abs_error(self) -> float:
        return self.sum_abs_error / self.elements if self.elements else 0.0

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("sum_abs_error")
        return {**d, "mean_abs_error": self.mean_abs_error}


@dataclass
class Agreement:
    images: int
    float_accuracy: float | None
    hw_accuracy: float | None
    agreement: float
    width: int
    tensors: list[TensorStats] = field(default_factory=list)

    @property
    def saturating(self) -> list[TensorStats]:
        return [t for t in self.tensors if t.saturated]


@dataclass(frozen=True)
class Samples:
    calibration: np.ndarray  # inputs the fixed-point ranges are profiled on
    evaluation: np.ndarray
    labels: np.ndarray | None  # of the evaluation inputs, when the data set has them


def hardware_graph(graph: Graph, calibration: np.ndarray, width: int = DEFAULT_WIDTH,
                   int_bits: int | None = None, margin_bits: int = DEFAULT_MARGIN_BITS) -> Graph:
    """Canonical graph -> typed hardware graph, with a clear error for what hw mode cannot express."""
    hw = to_hardware(graph)
    missing = unsupported_ops(hw)
    if missing:
        raise UserError(f"hw mode cannot express: {', '.join(missing[:8])}{' ...' if len(missing) > 8 else ''}")
    return assign_types(hw, calibration, width, int_bits, margin_bits)


def compare(graph: Graph, hw: Graph, samples: Samples, batch: int = 32,
            progress: Callable[[int], None] = lambda n: None) -> Agreement:
    """Run both modes on the evaluation inputs and collect the L1 figures."""
    float_shapes = {n.name: n.shape[1:] for n in graph}
    stats = {n.name: TensorStats(n.name, str(n.dtype)) for n in hw if isinstance(n.dtype, (Fixed, Bipolar))}
    # errors only where the float graph has the same tensor (same name and shape, see passes.py)
    compared = [k for k in stats if float_shapes.get(k) == hw.node(k).shape[1:]]
    float_top, hw_top = [], []
    x = samples.evaluation
    for i in range(0, len(x), batch):
        xb = x[i:i + batch]
        ref = run(graph, xb, keep=True)
        result = run_hw(hw, xb, keep=True)
        for name in compared:
            s = stats[name]
            err = np.abs(result.real(hw, name) - ref[name])
            s.elements += err.size
            s.max_abs_error = max(s.max_abs_error, float(err.max()))
            s.sum_abs_error += float(err.sum())
        for name, count in result.saturated.items():
            stats[name].saturated += count
        float_top.append(ref[graph.outputs[0]].argmax(1))
        hw_top.append(result.real(hw, hw.outputs[0]).argmax(1))
        progress(len(xb))
    f, h = np.concatenate(float_top), np.concatenate(hw_top)
    labels = samples.labels
    return Agreement(len(x), None if labels is None else float((f == labels).mean()),
                     None if labels is None else float((h == labels).mean()), float((f == h).mean()),
                     _width(hw), [s for s in stats.values() if s.elements or s.saturated])


def _width(hw: Graph) -> int:
    return max((n.dtype.bits for n in hw if isinstance(n.dtype, Fixed)), default=0)
