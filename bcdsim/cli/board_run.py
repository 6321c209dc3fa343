"""`bcdsim board-run`: test images through a board programmed with `bcdsim bitstream`, over its UART."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bcdsim.errors import UserError

EXAMPLES = """examples:
  bcdsim board-run bit85 --port /dev/ttyUSB0
  bcdsim board-run bit85 --port /dev/ttyUSB0 --images 100 --format json

Sends each image (0xA5 + input words) and waits for the answer (0x5A + logits + class) before the
next one; prints accuracy against the labels, agreement with hw mode (class and logits bit for bit)
and frames/s measured on the host (UART-bound at 3 Mbaud).
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("board-run", help="run test images on a programmed ECP5 board over its UART",
                       description="Send test images to a board built by 'bcdsim bitstream' and compare its "
                                   "classes and logits with hw mode (source level: board).",
                       epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="a folder written by 'bcdsim bitstream'")
    p.add_argument("--port", required=True, help="serial port of the board's UART (e.g. /dev/ttyUSB0)")
    p.add_argument("--images", type=int, help="images to send (default: all in the stimulus)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for an answer (default 5)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from bcdsim.backends.ecp5.protocol import frame_bytes, parse_result, read_frames

    folder = Path(args.dir)
    report_path = folder / "report.json"
    if not report_path.is_file():
        raise UserError(f"{folder} has no report.json (not a folder of 'bcdsim bitstream')")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    network = read_network_info(folder)
    ports = network.ports
    stimulus = sorted((folder / "network").glob("stimulus*.npz"))
    if not stimulus:
        raise UserError(f"{folder}/network has no stimulus*.npz with test images")
    words, expected, labels = read_frames(stimulus[0], ports)
    n = len(words) if args.images is None else args.images
    if not 1 <= n <= len(words):
        raise UserError(f"--images must be 1..{len(words)} (images in {stimulus[0].name})")
    try:
        import serial
    except ImportError:
        raise UserError("pyserial is not installed (pip install pyserial)") from None
    try:
        port = serial.serial_for_url(args.port, baudrate=report.get("uart_baud", 3_000_000), timeout=args.timeout)
    except (serial.SerialException, ValueError) as e:
        raise UserError(f"cannot open --port {args.port}: {e}") from None
    agree_class = agree_logits = correct = 0
    start = time.monotonic()
    with port:
        port.reset_input_buffer()
        for i in range(n):
            port.write(frame_bytes(words[i], ports))
            logits, cls = parse_result(port.read(ports.result_bytes), ports)
            agree_logits += logits == [int(v) for v in expected[i]]
            agree_class += cls == int(expected[i].argmax())
            correct += labels is not None and cls == int(labels[i])
    seconds = time.monotonic() - start
    result = {"images": n, "accuracy": correct / n if labels is not None else None,
              "class_agreement": agree_class / n, "logit_agreement": agree_logits / n,
              "frames_per_s": n / seconds, "seconds": seconds, "source": "board (measured on the host)",
              "clock_mhz": report.get("clock_mhz"), "board": report.get("board")}
    if args.format == "json":
        print(json.dumps(result, indent=1))
        return 0
    acc = "-" if result["accuracy"] is None else f"{100 * result['accuracy']:.1f}%"
    print(f"board-run ({result['board']}, measured on the board): {n} images, accuracy {acc}, "
          f"agreement with hw mode: class {100 * result['class_agreement']:.1f}%, logits "
          f"{100 * result['logit_agreement']:.1f}%, {result['frames_per_s']:.1f} frames/s")
    return 0


def read_network_info(folder: Path):
    """network.json as copied by 'bcdsim bitstream' (its sources stay in build/)."""
    from bcdsim.backends.ecp5.network import Network, NetworkPorts

    path = folder / "network" / "network.json"
    if not path.is_file():
        raise UserError(f"{folder}/network has no network.json")
    info = json.loads(path.read_text(encoding="utf-8"))
    i, o = info["input"], info["output"]
    ports = NetworkPorts(i["lanes"], i["bits"], bool(i.get("signed")), i["words_per_frame"], o["lanes"], o["bits"],
                         o["words_per_frame"], o["classes"])
    return Network(folder, info, ports)
