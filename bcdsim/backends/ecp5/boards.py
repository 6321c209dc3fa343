"""ECP5 devices and boards the bitstream flow targets.

Devices (resources and their sources): bcdsim.cost.ecp5.

Boards: pins from the boards' published constraint files (ULX3S: emard/ulx3s
doc/constraints/ulx3s_v20.lpf, clock G2 25 MHz, FTDI FT231X UART M1 in / L4 out, LEDs B2 C2 C1 D2
D1 E2 E1 H3; ECPIX-5: LambdaConcept's pinout as in amaranth-boards ecpix5.py, clock K23 100 MHz,
FT2232H UART R26 in / R24 out, RGB LEDs active low, red channels T23 U21 K21 P21).
UART rate: 3 Mbaud, the FT231X's maximum ("data transfer rates from 300 baud to 3 Mbaud", FTDI
FT231X data sheet, §1 features); the FT2232H goes to 12 Mbaud but 3 Mbaud keeps one host protocol.
"""
from __future__ import annotations

from dataclasses import dataclass

from bcdsim.cost.ecp5 import DEVICES, Ecp5Device
from bcdsim.errors import UserError


@dataclass(frozen=True)
class Ecp5Board:
    name: str
    device: Ecp5Device
    package: str
    osc_mhz: float
    osc_pin: str
    uart_rx_pin: str   # FPGA input (host -> board)
    uart_tx_pin: str   # FPGA output (board -> host)
    led_pins: tuple[str, ...]
    led_active_low: bool
    baud: int = 3_000_000
    io_type: str = "LVCMOS33"
    default_clock_mhz: float = 100.0


_ULX3S = dict(package="CABGA381", osc_mhz=25.0, osc_pin="G2", uart_rx_pin="M1", uart_tx_pin="L4",
              led_pins=("B2", "C2", "C1", "D2", "D1", "E2", "E1", "H3"), led_active_low=False)
BOARDS = {
    "ulx3s-12f": Ecp5Board("ulx3s-12f", DEVICES["LFE5U-12F"], **_ULX3S),
    "ulx3s-25f": Ecp5Board("ulx3s-25f", DEVICES["LFE5U-25F"], **_ULX3S),
    "ulx3s-45f": Ecp5Board("ulx3s-45f", DEVICES["LFE5U-45F"], **_ULX3S),
    "ulx3s-85f": Ecp5Board("ulx3s-85f", DEVICES["LFE5U-85F"], **_ULX3S),
    "ecpix5-85f": Ecp5Board("ecpix5-85f", DEVICES["LFE5UM5G-85F"], package="CABGA554", osc_mhz=100.0,
                            osc_pin="K23", uart_rx_pin="R26", uart_tx_pin="R24",
                            led_pins=("T23", "U21", "K21", "P21"), led_active_low=True),
}


def board(name: str) -> Ecp5Board:
    try:
        return BOARDS[name.lower()]
    except KeyError:
        raise UserError(f"unknown --board {name} (ECP5 boards: {', '.join(BOARDS)})") from None
