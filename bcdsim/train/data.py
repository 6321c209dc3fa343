"""Data sets that ship inside installed packages (no download): scikit-learn's 8x8 digits."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bcdsim.errors import UserError

DATASETS = ("digits",)
SPLIT_SEED = 0  # the fixed train/test split every bcdsim command uses
TEST_FRACTION = 0.25


@dataclass(frozen=True)
class Split:
    x_train: np.ndarray  # (N, 1, 8, 8) float32, standardised
    y_train: np.ndarray  # (N,) int64
    x_test: np.ndarray
    y_test: np.ndarray


def load_dataset(name: str) -> Split:
    """The fixed stratified 75/25 split of a shipped data set, pixels scaled to about [-1, 1]."""
    if name not in DATASETS:
        raise UserError(f"unknown dataset '{name}' (available: {', '.join(DATASETS)})")
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images.astype(np.float32) / 8.0 - 1.0)[:, None]  # 0..16 -> -1..1
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=TEST_FRACTION, random_state=SPLIT_SEED, stratify=y)
    return Split(x_tr, y_tr, x_te, y_te)
