"""The stand-in network of tests/fixtures/standin_network (same ports as the generated
bcd_network): its reference computation, written from its description, and its stimulus."""
from __future__ import annotations

from pathlib import Path

import numpy as np

FOLDER = Path(__file__).resolve().parent / "fixtures" / "standin_network"
WORDS, LANES, CLASSES = 8, 4, 10


def logits(words: np.ndarray) -> list[int]:
    """Logit k: the sum of the 32 signed inputs, value (word w, lane l) negated where k + l + w is odd."""
    return [sum(int(words[w, lane]) * (-1 if (k + lane + w) & 1 else 1) for w in range(WORDS) for lane in range(LANES))
            for k in range(CLASSES)]


def stimulus(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    words = rng.integers(-128, 128, size=(n, WORDS, LANES))
    words[0] = -128  # extremes: the largest magnitudes, and a tie between classes
    words[1] = 127
    expected = np.array([logits(w) for w in words])
    return {"input_words": words, "expected_logits": expected, "labels": rng.integers(0, CLASSES, size=n)}


if __name__ == "__main__":  # regenerates the committed stimulus file
    np.savez(FOLDER / "stimulus.npz", **stimulus(24))
