"""`bcdsim compare`: operation counts of several models against the published numbers, as plots and tables."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bcdsim.backends.output import atomic_directory, check_output_dir
from bcdsim.cli.common import add_trust_code
from bcdsim.cost.counts import PROFILES, count_ops
from bcdsim.cost.devices import get_device
from bcdsim.cost.estimate import estimate, typed_hardware
from bcdsim.cost.limits import check_clock
from bcdsim.cost.price import DesignPoint
from bcdsim.io.loaded import load_model
from bcdsim.ir.frontend import to_ir
from bcdsim.ir.graph import Graph
from bcdsim.report.comparison import (
    DEFAULT_MODELS,
    PUBLISHED_FILE,
    PUBLISHED_NAMES,
    CountedModel,
    comparison_frame,
    published_only,
    published_table,
    to_markdown,
)

DEFAULT_LAYERS = ("bcdnet-a", "reactnet-a")
EXAMPLES = f"""examples:
  bcdsim compare                                  # the zoo's ImageNet BNNs into ./reports
  bcdsim compare --force                          # again, replacing the earlier report
  bcdsim compare bcdnet-a my_model.pth            # add your checkpoint (labelled by its file name)
  bcdsim compare reactnet-a bcdnet-a --out /tmp/cmp
  bcdsim compare --profile extended               # BCDNet's recount with elementwise work
  bcdsim compare bireal-18 bireal-34 --layers bireal-18 bireal-34
  bcdsim compare bcdnet-a reactnet-a --device zcu104   # + predicted frames/s and LUTs (analytical)

writes into --out: ops_comparison, accuracy_vs_ops and layers_A_vs_B (.png and .svg), comparison.csv and
comparison.md. Published numbers and their sources: {PUBLISHED_FILE}.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare models' BOPs/FLOPs/OPs with published numbers (plots, CSV, Markdown)",
                       description="Count BOPs, FLOPs, OPs, parameters and weight memory of several models "
                                   "(DESIGN.md §4), set them beside the published ImageNet numbers, and write "
                                   "plots (PNG+SVG) and a table (CSV+Markdown) into one folder.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", nargs="*", metavar="MODEL",
                   help="zoo names or checkpoint/TorchScript files (default: " + " ".join(DEFAULT_MODELS) + ")")
    p.add_argument("--out", default="reports", help="output folder, created if missing; must be empty unless "
                                                    "--force (default: reports)")
    p.add_argument("--force", action="store_true", help="replace --out if an earlier bcdsim run wrote it")
    p.add_argument("--profile", choices=PROFILES, default="paper",
                   help="paper: MACs only (default); extended: plus BN/RSign/RPReLU/alpha elementwise work, "
                        "compared with BCDNet's recount columns")
    p.add_argument("--device", help="also predict frames/s and LUTs per model on this device (cost model, "
                                    "analytical): writes hardware_DEVICE.csv/.png/.svg")
    p.add_argument("--clock", type=float, help="clock in MHz for --device (default: the device's)")
    p.add_argument("--layers", nargs=2, metavar=("A", "B"), default=list(DEFAULT_LAYERS),
                   help=f"the two models of the per-stage plot layers_A_vs_B (default: {' '.join(DEFAULT_LAYERS)})")
    add_trust_code(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    check_output_dir(out, args.force, [*args.models, *args.layers, args.device])
    device = get_device(args.device) if args.device else None
    check_clock(args.clock)
    specs = list(dict.fromkeys(args.models or DEFAULT_MODELS))
    layer_specs = list(args.layers)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as progress:
        todo = list(dict.fromkeys(specs + layer_specs))
        task = progress.add_task("counting", total=len(todo))
        counted: dict[str, CountedModel] = {}
        points: dict[str, DesignPoint] = {}
        for spec in todo:
            progress.update(task, description=f"counting {spec}")
            counted[spec], graph = count_model(spec, args.profile, args.trust_code)
            if device is not None and spec in specs:
                progress.update(task, description=f"cost of {spec} on {device.name}")
                model = counted[spec]
                hw = typed_hardware(graph, model.input_shape)
                points[model.name] = estimate(hw, device, args.clock, bops=model.totals.bops, name=spec).point
            progress.advance(task)
        progress.update(task, description="drawing plots")
        models = [counted[s] for s in specs]
        frame = comparison_frame(models, args.profile)
        written = write_report(frame, models, (counted[layer_specs[0]], counted[layer_specs[1]]), args.profile,
                               out, args.force, points)
    _print_summary(frame, args.profile, out, written)
    return 0


def count_model(spec: str, profile: str, trust_code: bool = False) -> tuple[CountedModel, Graph]:
    """Load, lower and count one MODEL; zoo names (not files) get their published row."""
    loaded = load_model(spec, trust_code=trust_code)
    graph = to_ir(loaded.module, loaded.input_shape, loaded.arch or "model")
    loaded.note_identity()
    published_name = None if Path(spec).exists() else PUBLISHED_NAMES.get(spec)
    return CountedModel.from_counts(loaded.label, loaded.arch, loaded.input_shape, published_name, graph,
                                    count_ops(graph, profile)), graph


def write_report(frame: pd.DataFrame, models: list[CountedModel], pair: tuple[CountedModel, CountedModel],
                 profile: str, out: Path, force: bool = False, points: dict[str, DesignPoint] | None = None
                 ) -> list[str]:
    """Render everything into a staging folder next to ``out``, then move it into place (all or nothing)."""
    written: list[str] = []

    def fill(folder: Path) -> None:
        files = _render(frame, models, pair, profile, folder)
        if points:
            files += _render_hardware(points, folder)
        written.extend(p.name for p in files)

    atomic_directory(out, fill, force, "bcdsim compare")
    return written


def _render(frame: pd.DataFrame, models: list[CountedModel], pair: tuple[CountedModel, CountedModel], profile: str,
            folder: Path) -> list[Path]:
    """Every report file into ``folder``: the table from ``frame`` (as CSV and Markdown) and three plots."""
    from bcdsim.report import plots  # matplotlib costs ~0.5 s: only when a report is drawn

    names = [m.name for m in models]
    frame.to_csv(folder / "comparison.csv", index=False, lineterminator="\n")
    (folder / "comparison.md").write_text(to_markdown(frame, profile), encoding="utf-8")
    files = [folder / "comparison.csv", folder / "comparison.md"]
    files += plots.save(plots.ops_comparison_figure(frame, names, profile), folder, "ops_comparison")
    others = published_only(published_table(), {m.published_name for m in models if m.published_name}, profile)
    files += plots.save(plots.accuracy_figure(frame, names, others, profile), folder, "accuracy_vs_ops")
    a, b = pair
    stem = f"layers_{_file_part(a.label)}_vs_{_file_part(b.label)}"
    files += plots.save(plots.layers_figure(a, b, profile), folder, stem)
    return files


def _render_hardware(points: dict[str, DesignPoint], folder: Path) -> list[Path]:
    from bcdsim.report import plots
    from bcdsim.report.hardware import hardware_figure, hardware_frame

    frame = hardware_frame(points)
    first = next(iter(points.values()))
    stem = f"hardware_{_file_part(first.device.name)}"
    frame.to_csv(folder / f"{stem}.csv", index=False, lineterminator="\n")
    fig = hardware_figure(frame, first.device.lut, "fastest folding within lut=0.7,bram=0.8,uram=0.8")
    return [folder / f"{stem}.csv", *plots.save(fig, folder, stem)]


def _file_part(label: str) -> str:
    stem = Path(label).stem if "." in label else label
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)


def _print_summary(frame: pd.DataFrame, profile: str, out: Path, written: list[str]) -> None:
    console = Console()
    if not console.is_terminal:
        console.width = 160
    table = Table(title=f"operation counts ({profile} profile), x1e8 per image", title_justify="left")
    for col in ("model", "BOPs/64", "FLOPs", "OPs", "published OPs", "weights MB"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for row in frame.itertuples(index=False):
        pub = f"{row.published_ops_e8:.2f}" if pd.notna(row.published_ops_e8) else ""
        table.add_row(row.model, f"{row.bops / 64e8:.4f}", f"{row.flops / 1e8:.4f}", f"{row.ops_x1e8:.4f}", pub,
                      f"{row.weight_mb:.2f}")
    console.print(table)
    console.print(f"wrote {len(written)} files to {out}/: {', '.join(written)}")
