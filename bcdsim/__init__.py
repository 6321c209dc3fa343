"""bcdsim: operation counts, FPGA cost and verified accelerators for binary neural networks."""
from bcdsim.errors import UserError

__version__ = "0.1.0"


def load(path, arch: str | None = None, *, trust_code: bool = False):
    """Load a checkpoint file or a zoo name as an eval-mode ``nn.Module``; never runs code from the
    file unless ``trust_code`` (see ``bcdsim.io.checkpoint.load``)."""
    from bcdsim.io.checkpoint import load as _load

    return _load(path, arch, trust_code=trust_code)


__all__ = ["UserError", "load", "__version__"]
