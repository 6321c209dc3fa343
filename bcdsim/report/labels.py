"""Label placement without overlaps: 1-D spreading for stacked bars, greedy candidates for scatter points."""
from __future__ import annotations

from matplotlib.transforms import Bbox

# offset directions (dx, dy, ha, va) tried for a point label, nearest first
DIRECTIONS = ((1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
              (0, -1, "center", "top"), (0.8, 0.8, "left", "bottom"), (0.8, -0.8, "left", "top"),
              (-0.8, 0.8, "right", "bottom"), (-0.8, -0.8, "right", "top"))
DISTANCES = (8, 17, 28)  # points from the marker centre; labels beyond the first get a leader line


def spread(wanted: list[float], step: float, low: float, high: float) -> list[float]:
    """Positions as close to ``wanted`` (ascending) as possible, at least ``step`` apart, within [low, high]."""
    ys = list(wanted)
    for i in range(len(ys)):
        floor = low + step / 2 if i == 0 else ys[i - 1] + step
        ys[i] = max(ys[i], floor)
    for i in reversed(range(len(ys))):
        ceiling = high - step / 2 if i == len(ys) - 1 else ys[i + 1] - step
        ys[i] = min(ys[i], ceiling)
    return ys


def _overlap(box: Bbox, others: list[Bbox]) -> float:
    total = 0.0
    for other in others:
        w = min(box.x1, other.x1) - max(box.x0, other.x0)
        h = min(box.y1, other.y1) - max(box.y0, other.y0)
        if w > 0 and h > 0:
            total += w * h
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    inside_w = max(0.0, min(box.x1, frame.x1) - max(box.x0, frame.x0))
    inside_h = max(0.0, min(box.y1, frame.y1) - max(box.y0, frame.y0))
    return box.width * box.height - inside_w * inside_h


def place_point_labels(ax, points: list[tuple[float, float, str, dict]], marker_pt: float = 6.0,
                       avoid: list | None = None, fontsize: float = 10.5) -> None:
    """Label each (x, y, text, style) point at the nearest free spot around it (call after the layout is fixed).

    Labels avoid each other, every marker, the artists in ``avoid`` (e.g. the legend) and the axes edge;
    a label that had to move away from its point gets a thin leader line.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    px = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    centres = [ax.transData.transform((x, y)) for x, y, _, _ in points]
    r = marker_pt * px
    markers = [Bbox.from_extents(cx - r, cy - r, cx + r, cy + r) for cx, cy in centres]
    taken = [a.get_window_extent(renderer) for a in avoid or [] if a is not None]
    for k, (x, y, text, style) in enumerate(points):
        obstacles = taken + markers[:k] + markers[k + 1:]  # a label may touch its own marker only
        best = None
        for dist in DISTANCES:
            for dx, dy, ha, va in DIRECTIONS:
                offset = (dx * dist, dy * dist)
                label = ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va,
                                    fontsize=fontsize, **style)
                box = label.get_window_extent(renderer).padded(2 * px)
                label.remove()
                cost = _overlap(box, obstacles) + 4 * _outside(box, frame)
                if best is None or cost < best[0]:
                    best = (cost, offset, ha, va, box, dist)
                if cost == 0:
                    break
            if best[0] == 0:
                break
        _, offset, ha, va, box, dist = best
        arrow = None if dist == DISTANCES[0] else {"arrowstyle": "-", "color": "#888888", "lw": 0.8,
                                                   "shrinkA": 1, "shrinkB": marker_pt * 0.8}
        ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                    arrowprops=arrow, zorder=5, **style)
        taken.append(box)
