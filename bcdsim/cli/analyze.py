"""`bcdsim analyze`: BOPs / FLOPs / OPs, parameters and weight memory, per layer and in total."""
from __future__ import annotations

import argparse
import json

from bcdsim.backends.output import check_output_file
from bcdsim.cli.common import add_trust_code, input_file
from bcdsim.cost.counts import PROFILES, count_ops
from bcdsim.cost.devices import get_device
from bcdsim.cost.limits import check_clock, check_fps
from bcdsim.errors import UserError
from bcdsim.io.loaded import DEFAULT_MODEL, load_graph
from bcdsim.report.ops_table import blocks_frame, layer_rows, layers_frame, totals_dict

EXAMPLES = """examples:
  bcdsim analyze                                  # the shipped default model
  bcdsim analyze bcdnet-a --per-layer             # a zoo architecture, every layer
  bcdsim analyze model.pth --format json          # a checkpoint (architecture identified from its keys)
  bcdsim analyze step1.pth --arch bcdnet-a-step1  # name the architecture explicitly
  bcdsim analyze reactnet-a --input-shape 1x3x160x160 --profile extended
  bcdsim analyze bcdnet-a --device zcu104          # fastest folding within 70% LUTs, 80% BRAM/URAM
  bcdsim analyze bcdnet-a --device zcu104 --clock 200 --budget lut=0.6 --per-layer
  bcdsim analyze reactnet-a --device kv260 --fps 300 --save-folding fold.json
  bcdsim analyze bcdnet-a --device my_board.toml --folding fold.json --format json
  bcdsim analyze --device zcu104 --folding default  # bcdsim's one default folding
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="count BOPs, FLOPs, OPs, parameters and weight memory",
                       description="Count operations exactly as the BNN papers do (DESIGN.md §4): "
                                   "BOPs (binary MACs), FLOPs (real MACs), OPs = BOPs/64 + FLOPs.",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", nargs="?", default=None,
                   help=f"checkpoint (.pth/.pt/.pt2, TorchScript) or zoo name (default: {DEFAULT_MODEL})")
    p.add_argument("--arch", help="zoo architecture of the checkpoint (default: identified from its keys)")
    p.add_argument("--input-shape", help="NxCxHxW, e.g. 1x3x224x224 (default: the architecture's)")
    p.add_argument("--profile", choices=PROFILES, default="paper",
                   help="paper: MACs only (default); extended: plus BN/RSign/RPReLU/alpha elementwise work")
    p.add_argument("--per-layer", action="store_true", help="one row per layer instead of per block")
    p.add_argument("--format", choices=["table", "json", "csv", "markdown"], default="table",
                   help="with --device, CSV rows are hardware units")
    add_trust_code(p)
    hw = p.add_argument_group("hardware cost of the design bcdsim generates (see 'bcdsim devices')")
    hw.add_argument("--device", help="preset name or a .toml file: adds cycles, frames/s, latency and resources")
    hw.add_argument("--clock", type=float, metavar="MHZ", help="clock frequency (default: the device's)")
    target = hw.add_mutually_exclusive_group()
    target.add_argument("--fps", type=float, help="cheapest folding reaching N frames/s (within the device, or "
                                                  "--budget)")
    target.add_argument("--folding", metavar="FILE", help="price this folding file ('default': bcdsim's default "
                                                          "folding) instead of optimising")
    hw.add_argument("--budget", help="fractions of the device, e.g. lut=0.6,bram=0.8 (default: lut=0.7,bram=0.8,"
                                     "uram=0.8): the fastest folding within them")
    hw.add_argument("--save-folding", metavar="FILE", help="write the folding (JSON) for the HLS/RTL generators")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    hw_only = [o for o in ("clock", "fps", "budget", "folding", "save_folding") if getattr(args, o, None) is not None]
    if hw_only and not args.device:
        raise UserError(f"--{hw_only[0].replace('_', '-')} needs --device")
    if args.folding not in (None, "default"):
        input_file(args.folding, "--folding")
    check_clock(args.clock)  # before the (slow) loading
    check_fps(args.fps)
    device = get_device(args.device) if args.device else None
    if args.save_folding:
        check_output_file(args.save_folding, "--save-folding")
    # Zoo architectures without torch; zoo names with --device get torch's initialised weights (values matter).
    loaded = load_graph(args.model, args.arch, args.input_shape, values=device is not None,
                        trust_code=args.trust_code)
    graph = loaded.graph
    counts = count_ops(graph, args.profile)
    loaded.note_identity()
    sources = {n.name: n.source for n in graph}
    totals = counts.totals
    header = {"model": loaded.label, "arch": loaded.arch, "input_shape": list(loaded.input_shape),
              "profile": args.profile}
    hw = units = None
    if device:  # the cost model and its reports load only when asked for
        from bcdsim.cost.estimate import estimate, typed_hardware
        from bcdsim.design.folding_file import save_folding
        from bcdsim.report.hw_report import units_frame

        name = loaded.arch or loaded.label
        hw = estimate(typed_hardware(graph, loaded.input_shape), device, args.clock, args.fps, args.budget,
                      args.folding, totals.bops, name)
        if args.save_folding:
            save_folding(args.save_folding, hw.point, name)
        units = units_frame(hw.point)
    layers = layers_frame(counts, sources) if args.format != "json" else None  # JSON needs no pandas
    if args.format == "json":
        report = {**header, "totals": totals_dict(totals), "layers": layer_rows(counts, sources)}
        if hw:
            report["hardware"] = {**hw.point.hardware_dict(), "chosen_by": hw.how,
                                  "units": json.loads(units.to_json(orient="records")),
                                  "memories": hw.point.memory_placement()}
        print(json.dumps(report, indent=1))
    elif args.format == "csv":
        print((units if hw else layers).to_csv(index=False), end="")
    elif args.format == "markdown":
        print((layers if args.per_layer else blocks_frame(layers)).to_markdown(index=False))
        if hw:
            from bcdsim.report.hw_report import blocks_frame as hw_blocks_frame
            from bcdsim.report.hw_report import summary_lines

            print()
            print((units if args.per_layer else hw_blocks_frame(units)).to_markdown(index=False))
            print()
            print("\n".join(summary_lines(hw.point, hw.how)))
    else:
        _print_table(loaded, args, layers if args.per_layer else blocks_frame(layers), totals)
        if hw:
            from bcdsim.report.hw_report import blocks_frame as hw_blocks_frame

            _print_hardware(units if args.per_layer else hw_blocks_frame(units), hw)
    return 0


def _print_hardware(frame, hw) -> None:
    from rich.console import Console
    from rich.table import Table

    from bcdsim.report.hw_report import summary_lines

    console = Console()
    if not console.is_terminal:
        console.width = 160
    shown = [c for c in frame.columns if c not in ("layer", "weight_bits", "buffer_bits", "first", "cycles_source",
                                                   "lut_source")]
    table = Table(title=f"hardware on {hw.point.device.name} (cost model; bottleneck in bold)", title_justify="left")
    for col in shown:
        table.add_column(col, justify="left" if col in ("unit", "kind", "block", "mem") else "right")
    for row in frame.itertuples(index=False):
        values = row._asdict()
        style = "bold" if values["bottleneck"] else None
        table.add_row(*(_fmt(values[c]) if c != "bottleneck" else ("<-" if values[c] else "") for c in shown),
                      style=style)
    console.print(table)
    for line in summary_lines(hw.point, hw.how):
        console.print(line, highlight=False)


def _print_table(loaded, args, frame, totals) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:  # piped output: do not squeeze the table into 80 columns
        console.width = 160
    title = (f"{loaded.label} ({loaded.arch or 'foreign model'}), input {'x'.join(map(str, loaded.input_shape))}, "
             f"profile {args.profile}")
    table = Table(title=title, title_justify="left")
    first = frame.columns[0]
    for col in frame.columns:
        table.add_column(col, justify="left" if col in (first, "op", "output") else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_fmt(v) for v in row))
    table.add_section()
    table.add_row("total", *(_fmt(getattr(totals, c)) if hasattr(totals, c) else "" for c in frame.columns[1:]),
                  style="bold")
    console.print(table)
    console.print(f"OPs = BOPs/64 + FLOPs = {totals.ops_x1e8:.4f} x 1e8   weights {totals.weight_mb:.2f} MB   "
                  f"binary MACs {100 * totals.binary_mac_ratio:.2f}%   (counted from the IR)")


def _fmt(v) -> str:
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, float):
        return f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
