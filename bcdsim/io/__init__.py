"""Loading models safely: checkpoints, zoo names, TorchScript and torch.export archives.

``load(path, arch=None)`` returns an eval-mode module; ``identify(state_dict)`` names the zoo
architecture a state_dict belongs to. Nothing read from a file is ever executed as code.
"""
from bcdsim.io.checkpoint import load
from bcdsim.io.identify import SAME_KEYS_AS, Identification, identify

__all__ = ["SAME_KEYS_AS", "Identification", "identify", "load"]
