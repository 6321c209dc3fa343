"""Operand rules of the foreign lowering: is a conv/linear operand binary? Decided from values, never names.

A BNN written in someone else's code binarizes inside ``forward`` in any way it likes (sign, STE
expressions with ``detach``, scaled signs), so the only reliable evidence is the tensors that reach
the MAC op on a sample input (DESIGN.md §4):

- activation: every nonzero element has the same magnitude ``a`` (exact zeros are allowed only as
  the rare sign(0)), i.e. the map is in {-a, +a};
- weight: ``|W|`` is constant within each output channel, i.e. ``W_o = alpha_o * {-1, +1}`` (again
  with rare sign(0) zeros allowed).

Tolerances are relative and loose enough for STE plumbing: ``(sign(x) - x).detach() + x`` equals
sign(x) only up to float32 rounding of ``|x|`` (~1e-6 for |x| ~ 10), and ReActNet's
``b.detach() - clip(W).detach() + clip(W)`` up to a few ulps of the latent weights. Real-valued
operands of a trained or initialised network spread by orders of magnitude more than that.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

log = logging.getLogger(__name__)

ACTIVATION_RTOL = 1e-3
WEIGHT_RTOL = 1e-5
MIN_NONZERO = 0.9  # sign(0) = 0 is rare on real-valued data; a sparse map is not binary


@dataclass(frozen=True)
class BinaryWeight:
    """``W = alpha[:, None, ...] * sign`` with ``sign`` int8 +-1 of W's shape."""

    sign: np.ndarray
    alpha: np.ndarray  # (O,) float32


def activation_magnitude(x: torch.Tensor) -> float | None:
    """``a`` if ``x`` takes values in {-a, +a} (a > 0), else None."""
    if not x.is_floating_point() or x.numel() == 0:
        return None
    mags = x.detach().reshape(-1).abs()
    lo, hi = (float(v) for v in torch.aminmax(mags))
    if lo == 0:  # tolerate rare sign(0) zeros only
        mags = mags[mags != 0]
        if mags.numel() < MIN_NONZERO * x.numel():
            return None
        lo = float(mags.min())
    if hi - lo > ACTIVATION_RTOL * hi:
        return None
    return float(mags.mean(dtype=torch.float64))


def binary_weight(w: torch.Tensor) -> BinaryWeight | None:
    """Per-output-channel scaled sign decomposition of ``w`` (O, ...), or None if ``w`` is real.

    Rare exact zeros are kept (sign(0) = 0 of a latent weight that is exactly 0). A row with a
    single element is trivially +-alpha; such weights (fan-in 1) count as real.
    """
    if not w.is_floating_point() or w.dim() < 2 or w[0].numel() < 2:
        return None
    mags = w.detach().reshape(w.shape[0], -1).abs()
    lo, hi = torch.aminmax(mags, dim=1)
    count = torch.full_like(hi, mags.shape[1])
    if bool((lo == 0).any()):
        nonzero = mags != 0
        count = nonzero.sum(dim=1).to(mags.dtype)
        if float(count.sum()) < MIN_NONZERO * mags.numel() or bool((count == 0).any()):
            return None
        lo = torch.where(nonzero, mags, torch.full_like(mags, float("inf"))).amin(dim=1)
    if bool((hi - lo > WEIGHT_RTOL * hi).any()):
        return None
    alpha = mags.sum(dim=1, dtype=torch.float64) / count.double()
    sign = torch.sign(w.detach()).to(torch.int8).cpu().numpy().copy()
    return BinaryWeight(sign, alpha.to(torch.float32).cpu().numpy().copy())


def binary_operands(x: torch.Tensor, w: torch.Tensor) -> BinaryWeight | None:
    """For a conv/linear with activation ``x`` and weight ``w`` (O, ...): None if either is real,
    else sign(W) and the output scale ``alpha_o * a`` that folds the activation magnitude in."""
    a = activation_magnitude(x)
    bw = binary_weight(w) if a is not None else None
    if bw is None:
        return None
    log.debug("binary operands: activations +-%g, weights alpha_o * sign(W) (%d channels)", a, len(bw.alpha))
    return BinaryWeight(bw.sign, (bw.alpha.astype(np.float64) * a).astype(np.float32))


Fingerprint = tuple[tuple[int, ...], np.ndarray]


def fingerprint(t: torch.Tensor) -> Fingerprint:
    """Shape and ~1000 elements sampled across ``t``: enough to recognise a value that an STE
    re-derives, and cheap (a full-tensor reduction on every traced op doubles the trace time)."""
    flat = t.detach().reshape(-1)
    step = max(1, flat.numel() // 512)
    sample = torch.cat([flat[::step], flat[step // 2::step]]) if step > 1 else flat
    return tuple(t.shape), sample.double().cpu().numpy()


def same_value(a: Fingerprint | None, b: Fingerprint) -> bool:
    """Equal up to the float32 rounding an STE such as ``(s - x).detach() + x`` introduces."""
    return a is not None and a[0] == b[0] and bool(np.allclose(a[1], b[1], rtol=1e-4, atol=1e-6))


def to_numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float32).numpy().copy()


def uniform_int(v: Any) -> int | None:
    """The single value of an int or a list of equal ints (stride, padding, kernel), else None."""
    vals = [int(i) for i in (v if isinstance(v, (list, tuple)) else [v])]
    return vals[0] if vals and len(set(vals)) == 1 else None


def per_channel(x: torch.Tensor, c: Any) -> bool:
    """``c`` is a tensor that broadcasts against ``x`` along dim 1 only (a per-channel shift)."""
    if not isinstance(c, torch.Tensor) or c.dim() > x.dim() or x.dim() < 2:
        return False
    shape = (1,) * (x.dim() - c.dim()) + tuple(c.shape)
    return all(s == (x.shape[1] if i == 1 else 1) for i, s in enumerate(shape))
