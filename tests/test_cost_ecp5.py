"""The ECP5 cost model: device presets as nextpnr reports them, and the XNOR-unit area fit against
the place-and-route measurements it was fitted to (rtllib/calibration/ecp5_area.json)."""
from __future__ import annotations

import pytest

from bcdsim.cost.ecp5 import DEVICES, calibration, xnor_unit_area


def test_device_presets():
    # nextpnr-ecp5 --report 'available' (yowasp 0.11.1), measured for each device option
    assert DEVICES["LFE5U-85F"].totals() == {"lut4": 83640, "ff": 83640, "ebr": 208, "dsp": 156}
    assert DEVICES["LFE5U-45F"].totals() == {"lut4": 43848, "ff": 43848, "ebr": 108, "dsp": 72}
    assert DEVICES["LFE5U-25F"].totals() == {"lut4": 24288, "ff": 24288, "ebr": 56, "dsp": 28}
    assert DEVICES["LFE5U-12F"].ebr == 32  # Lattice's licensed figure, below the 25F die nextpnr uses


def test_fit_reproduces_the_measurements():
    data = calibration()
    assert len(data["rows"]) >= 8
    for key in ("lut4", "ff"):
        bound = data["fit"][key]["max_abs_error_pct"]
        assert bound < 25, f"{key} fit error {bound}%"
        for row in data["rows"]:
            predicted = xnor_unit_area(row["simd"], row["pe"], row["mw"], row["mh"], row["segs"])[key]
            assert predicted == pytest.approx(row[key], rel=bound / 100 + 0.005), (key, row["unit"])
    for row in data["rows"]:
        assert xnor_unit_area(row["simd"], row["pe"], row["mw"], row["mh"], row["segs"])["dsp"] == row["dsp"]


def test_board_top_fit():
    data = calibration()["board_top"]
    assert data["fit"]["lut4"]["max_abs_error_pct"] < 10
    from bcdsim.cost.ecp5 import board_top_area

    for row in data["rows"]:
        assert board_top_area(row["in_w"], row["out_w"])["lut4"] == pytest.approx(row["lut4"], rel=0.1)
