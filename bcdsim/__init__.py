"""bcdsim: operation counts, FPGA cost and verified accelerators for binary neural networks."""
from bcdsim.errors import UserError

__version__ = "0.1.0"


def load(path, arch: str | None = None):
    """Load a checkpoint file or a zoo name as an eval-mode ``nn.Module`` (never runs code)."""
    from bcdsim.io.checkpoint import load as _load

    return _load(path, arch)


__all__ = ["UserError", "load", "__version__"]
