"""Random XNOR units for the sweeps: random sizes, folding, masks, weights, inputs, stages.

Expected results come from a direct numpy reference (sum over valid lanes of +-1 agreements,
per segment), independent of bcdsim's hw kernels; output stages from their integer definitions
in bcdsim.backends.rtl.stage.
"""
from __future__ import annotations

import numpy as np

from bcdsim.backends.rtl.emit import Unit
from bcdsim.backends.rtl.model import Stimulus
from bcdsim.backends.rtl.spec import AffineStage, Folding, LayerSpec, ThresholdStage, divisors, mask_mode
from bcdsim.backends.rtl.stage import signed_bits, stage_values


def reference(bits: np.ndarray, valid: np.ndarray, weight: np.ndarray, segments: int) -> np.ndarray:
    """(P, MW) inputs, (O, MW) weights -> (P, segments*O): sum of valid * (+1 agree / -1 differ)."""
    p, mw = bits.shape
    agree = 2 * (bits[:, None, :] == weight[None, :, :]).astype(np.int64) - 1  # P, O, MW
    per = (agree * valid[:, None, :]).reshape(p, weight.shape[0], segments, mw // segments).sum(axis=3)
    return per.transpose(0, 2, 1).reshape(p, -1)  # segment-major: channel g*O + o


def random_unit(rng: np.random.Generator, name: str, big: bool = False) -> Unit:
    kind = rng.choice(["conv", "shift_mlp", "lanes"], p=[0.45, 0.25, 0.3])
    o = int(rng.choice([1, 2, 3, 4, 6, 8, 12, 16] + ([32, 48] if big else [])))
    if kind == "shift_mlp":
        c = int(rng.choice([4, 8, 12, 16, 24] + ([64, 96] if big else [])))
        spec_args = dict(kind="shift_mlp", channels=c, segments=3, mw=3 * c, k=1, padding=0)
        simd = int(rng.choice(divisors(c)))
    elif kind == "conv":
        c, k = int(rng.choice([1, 2, 3, 4, 8, 16])), int(rng.choice([1, 3]))
        pad = int(rng.integers(0, 2)) if k == 3 else 0
        spec_args = dict(kind="conv", channels=c, segments=1, mw=c * k * k, k=k, padding=pad)
        # SIMD dividing C (fold mask) or any divisor (lane mask)
        simd = int(rng.choice(divisors(c) if rng.random() < 0.5 else divisors(c * k * k)))
    else:  # arbitrary per-lane valid bits: exercises MASK 2 on masks no conv produces
        mw = int(rng.integers(1, 97 if big else 41))
        spec_args = dict(kind="conv", channels=1, segments=1, mw=mw, k=1, padding=1)
        simd = int(rng.choice(divisors(mw)))
    mw, segs = spec_args.pop("mw"), spec_args["segments"]
    weight = rng.integers(0, 2, (o, mw), dtype=np.uint8)
    spec = LayerSpec(name, name, spec_args["kind"], spec_args["channels"], o, spec_args["k"], 1,
                     spec_args["padding"], segs, weight, "synthetic")
    fold = Folding(simd, int(rng.choice(divisors(o))))
    frames, per_frame = 2, int(rng.integers(1, 6))
    pixels = frames * per_frame
    bits = rng.integers(0, 2, (pixels, mw), dtype=np.uint8)
    if kind == "conv" and spec.padding:  # padded kernel positions: all channels of a position invalid
        pos = rng.random((pixels, spec.k * spec.k)) < 0.3
        valid = np.repeat(~pos, spec.channels, axis=1).astype(np.uint8)
    elif kind == "lanes":
        valid = (rng.random((pixels, mw)) < 0.7).astype(np.uint8)
    else:
        valid = np.ones((pixels, mw), np.uint8)
    if mask_mode(spec, fold) == 1:  # one valid bit per beat: make beats uniform, as the generator guarantees
        v = valid.reshape(pixels, -1, simd)
        valid = np.repeat(v[:, :, :1], simd, axis=2).reshape(pixels, mw)
    expected = reference(bits, valid, weight, segs)
    stage = _random_stage(rng, spec)
    spec = LayerSpec(spec.node, spec.unit, spec.kind, spec.channels, o, spec.k, 1, spec.padding, segs, weight,
                     "synthetic", stage, "")
    where = np.column_stack([np.repeat(np.arange(frames), per_frame), np.zeros(pixels, int),
                             np.tile(np.arange(per_frame), frames)])
    stim = Stimulus(bits, valid, where, expected, stage_values(stage, expected), frames, per_frame)
    return Unit(spec, fold, stim)


def _random_stage(rng: np.random.Generator, spec: LayerSpec):
    choice = rng.choice(["none", "threshold", "affine"]) if spec.segments == 1 else rng.choice(["none", "affine"])
    n = (1 << (spec.rw - 1)) - 1
    if choice == "threshold":
        return ThresholdStage(rng.integers(-n - 1, n + 2, spec.mh), rng.random(spec.mh) < 0.5)
    if choice == "affine":
        sw = int(rng.integers(4, 17))
        scale = rng.integers(-(1 << (sw - 1)), 1 << (sw - 1), (spec.segments, spec.mh))
        a, rsh, ow = int(rng.integers(0, 4)), int(rng.integers(0, 9)), int(rng.integers(4, 17))
        const = rng.integers(-(1 << 12), 1 << 12, spec.mh)
        return AffineStage(scale, const, sw, a, signed_bits(const), rsh, ow, 0)
    return None
