"""Fixed-point types for every real-valued tensor of a hardware graph, by profiling (DESIGN.md §5).

Integer bits come from the largest magnitude seen on sample inputs plus ``margin_bits`` of
headroom (default 1: twice the observed range); the fraction gets the rest of ``width`` bits
(default 16, the ap_fixed<16, I> that HLS flows commonly use). ``int_bits`` forces one integer
width on every tensor, to study overflow: saturation then shows up in ``bcdsim verify``.
"""
from __future__ import annotations

import numpy as np

from bcdsim.errors import UserError
from bcdsim.hw.fixed import int_bits_for
from bcdsim.ir import ops
from bcdsim.ir.dtypes import Bipolar, Fixed, Float, Int
from bcdsim.ir.graph import Graph, GraphBuilder
from bcdsim.ir.interpret import run

DEFAULT_WIDTH = 16
DEFAULT_MARGIN_BITS = 1
# Ops whose output is the same values as their (first) input: they keep its type.
PASS_THROUGH = (ops.Flatten, ops.ChannelShift, ops.MaxPool2d)


def profile(graph: Graph, samples: np.ndarray, batch: int = 16) -> dict[str, float]:
    """Largest |value| of every tensor over ``samples`` (float mode)."""
    peak: dict[str, float] = {}

    def observe(node, value):
        peak[node.name] = max(peak.get(node.name, 0.0), float(np.abs(value).max()) if value.size else 0.0)
        return value

    for i in range(0, len(samples), batch):
        run(graph, samples[i:i + batch], observe=observe)
    return peak


def assign_types(graph: Graph, samples: np.ndarray, width: int = DEFAULT_WIDTH,
                 int_bits: int | None = None, margin_bits: int = DEFAULT_MARGIN_BITS) -> Graph:
    """A copy of ``graph`` whose real-valued tensors are ``Fixed(width, I)``; bits stay bipolar and
    popcounts integer."""
    if width < 2:
        raise UserError(f"fixed-point width {width} is below the 2 bits any signed value needs")
    if int_bits is not None and not 1 <= int_bits < width:
        raise UserError(f"--int-bits {int_bits} must be between 1 and width - 1 = {width - 1}")
    peak = profile(graph, samples)
    b = GraphBuilder(graph.name)
    for node in graph:
        dtype = node.dtype
        if isinstance(node.op, PASS_THROUGH):
            dtype = b.node(node.inputs[0]).dtype
        elif isinstance(dtype, Float):
            need = int_bits_for(peak[node.name], margin_bits)
            if need >= width and int_bits is None:
                raise UserError(f"fixed-point width {width} is below what the graph needs: '{node.name}' "
                                f"reaches {peak[node.name]:.4g}, which needs {need} integer bits plus a fraction bit")
            dtype = Fixed(width, int_bits if int_bits is not None else need)
        elif not isinstance(dtype, (Bipolar, Int, Fixed)):
            raise UserError(f"'{node.name}': hw mode has no type for {dtype}")
        b.copy(node, dtype=dtype)
    return b.build(graph.outputs)
