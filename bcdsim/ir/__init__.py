"""bcdsim's op-level IR: typed ops, the graph, lowering, passes and the numpy interpreter."""
from bcdsim.ir.dtypes import BIPOLAR, FIXED, FLOAT32, INT, DataType
from bcdsim.ir.graph import Graph, GraphBuilder, GraphError, Node

__all__ = ["BIPOLAR", "FIXED", "FLOAT32", "INT", "DataType", "Graph", "GraphBuilder", "GraphError", "Node"]
