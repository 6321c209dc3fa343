"""The BNN papers' two-step recipe on a small shipped data set (ReActNet, ECCV 2020, §4.1):

step 1 trains binary activations with real weights; step 2 starts from step 1's weights and
binarizes the weights too. Both steps: Adam with a one-cycle schedule, label smoothing 0.1,
random +-1 pixel shifts; weight decay only in step 1 (binary weights need none, as in ReActNet).
Deterministic for a given seed: one thread, seeded generators, deterministic kernels.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from bcdsim.errors import UserError
from bcdsim.models.bcdnet import BCDNet
from bcdsim.models.zoo import TINY
from bcdsim.train.data import Split

TRAINABLE = {"bcdnet-tiny": False, "bcdnet-tiny-b": True}  # arch -> contextual thresholds
BATCH = 64


@dataclass(frozen=True)
class StepResult:
    step: int
    epochs: int
    test_accuracy: float


def build_tiny(arch: str, binary_weights: bool) -> nn.Module:
    if arch not in TRAINABLE:
        raise UserError(f"bcdsim train supports {', '.join(TRAINABLE)}, not '{arch}'")
    return BCDNet(10, 1, binary_weights=binary_weights, contextual=TRAINABLE[arch], **TINY)


def shift_augment(x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
    """Shift each image by -1..1 pixels in both axes, filling with the background value (-1)."""
    n, _, h, w = x.shape
    padded = F.pad(x, (1, 1, 1, 1), value=-1.0)
    crops = torch.stack([padded[:, :, dy:dy + h, dx:dx + w] for dy in range(3) for dx in range(3)], 1)
    pick = torch.randint(0, 9, (n,), generator=g)
    return crops[torch.arange(n), pick]


def accuracy(model: nn.Module, x: np.ndarray, y: np.ndarray) -> float:
    model.eval()
    with torch.no_grad():
        return float((model(torch.from_numpy(x)).argmax(1).numpy() == y).mean())


def _train_step(model: nn.Module, data: Split, epochs: int, lr: float, weight_decay: float,
                g: torch.Generator, progress: Callable[[], None]) -> None:
    x, y = torch.from_numpy(data.x_train), torch.from_numpy(data.y_train)
    steps = (len(x) + BATCH - 1) // BATCH
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, lr, total_steps=epochs * steps)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=g)
        for i in range(0, len(x), BATCH):
            idx = order[i:i + BATCH]
            loss = F.cross_entropy(model(shift_augment(x[idx], g)), y[idx], label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            schedule.step()
        progress()


def train_two_step(arch: str, data: Split, epochs: int, seed: int,
                   progress: Callable[[], None] = lambda: None) -> tuple[nn.Module, list[StepResult]]:
    """Step 1 then step 2, ``epochs`` each; returns the step-2 model (eval) and both accuracies."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # reductions in one fixed order: the same weights on every machine
    torch.use_deterministic_algorithms(True)
    try:
        torch.manual_seed(seed)
        g = torch.Generator().manual_seed(seed)
        step1 = build_tiny(arch, binary_weights=False)
        _train_step(step1, data, epochs, 3e-3, 1e-4, g, progress)
        results = [StepResult(1, epochs, accuracy(step1, data.x_test, data.y_test))]
        step2 = build_tiny(arch, binary_weights=True)
        step2.load_state_dict(step1.state_dict())
        _train_step(step2, data, epochs, 1e-3, 0.0, g, progress)
        results.append(StepResult(2, epochs, accuracy(step2, data.x_test, data.y_test)))
    finally:
        torch.use_deterministic_algorithms(False)
        torch.set_num_threads(threads)
    return step2.eval(), results
