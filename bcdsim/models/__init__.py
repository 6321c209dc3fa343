"""The BNN zoo (DESIGN.md §3)."""
from bcdsim.models.bcdnet import BCDNet
from bcdsim.models.bireal import BiReal
from bcdsim.models.random_init import randomize
from bcdsim.models.reactnet import ReActNet
from bcdsim.models.zoo import ZOO, ZooEntry, build, zoo_entry

__all__ = ["BCDNet", "BiReal", "ReActNet", "ZOO", "ZooEntry", "build", "randomize", "zoo_entry"]
