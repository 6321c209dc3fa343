"""The inputs a model's fixed-point types are profiled on, and its evaluation inputs.

Models of 1x8x8 inputs (the shipped bcdnet-tiny models) use scikit-learn's digits, split as
``bcdsim train`` does; every other model uses seeded standard-normal images (its weights are
random too, unless it is a checkpoint). The same draw everywhere keeps generated designs
reproducible: the calibration images come first, the evaluation images after them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bcdsim.errors import UserError

RANDOM_SEED = 0
CALIBRATION_IMAGES = 2


@dataclass(frozen=True)
class Samples:
    calibration: np.ndarray  # inputs the fixed-point ranges are profiled on
    source: str  # where the evaluation inputs come from
    dataset: str | None


@lru_cache(maxsize=2)
def _dataset(name: str):
    from bcdsim.train.data import load_dataset

    return load_dataset(name)


def samples_for(shape: tuple[int, ...]) -> Samples:
    """The digits split for 1x8x8 models (as ``bcdsim verify``), random inputs otherwise."""
    if tuple(shape[1:]) == (1, 8, 8):
        return Samples(_dataset("digits").x_train, "digits test split", "digits")
    rng = np.random.default_rng(RANDOM_SEED)
    return Samples(rng.standard_normal((CALIBRATION_IMAGES, *shape[1:])).astype(np.float32),
                   f"random inputs (seed {RANDOM_SEED})", None)


def inputs_for(samples: Samples, shape: tuple[int, ...], n: int) -> tuple[np.ndarray, np.ndarray | None]:
    """The first n evaluation inputs (and labels) of a model's data."""
    if samples.dataset:
        data = _dataset(samples.dataset)
        if n > len(data.x_test):
            raise UserError(f"--images {n}: the {samples.dataset} test split has {len(data.x_test)} images")
        return data.x_test[:n], data.y_test[:n]
    rng = np.random.default_rng(RANDOM_SEED)
    rng.standard_normal((CALIBRATION_IMAGES, *shape[1:]))  # the calibration draw comes first
    return rng.standard_normal((n, *shape[1:])).astype(np.float32), None
