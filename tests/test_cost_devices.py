"""Device presets and custom TOML devices."""
from __future__ import annotations

import pytest

from bcdsim.cost.devices import PRESETS, device_from_toml, get_device
from bcdsim.errors import UserError

GOOD = """name = "my-board"
lut = 274080
ff = 548160
bram36 = 912
uram = 0
dsp = 2520
clock_mhz = 200
ddr_gbps = 19.2
"""


def test_presets():
    assert set(PRESETS) == {"pynq-z2", "ultra96-v2", "kv260", "zcu104", "u250", "u280"}
    z = get_device("ZCU104")
    assert (z.lut, z.bram36, z.uram, z.dsp) == (230_400, 312, 96, 1_728)
    assert get_device("ultra96-v2").onchip_mbit == pytest.approx(7.96, abs=0.01)  # 216 x 36 Kib
    for d in PRESETS.values():
        assert d.lut > 0 and d.ff > d.lut and d.clock_mhz > 0 and d.ddr_gbps > 0


def test_custom_device(tmp_path):
    path = tmp_path / "board.toml"
    path.write_text(GOOD)
    d = device_from_toml(path)
    assert (d.name, d.lut, d.uram, d.clock_mhz, d.ddr_gbps) == ("my-board", 274080, 0, 200.0, 19.2)
    assert get_device(str(path)) == d


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("dsp = 2520\n", ""), "missing field(s) dsp"),
    (GOOD + "luts = 3\n", "unknown field(s) luts"),
    (GOOD.replace("lut = 274080", 'lut = "many"'), "'lut' must be a positive integer"),
    (GOOD.replace("ddr_gbps = 19.2", "ddr_gbps = -1"), "'ddr_gbps' must be a positive number"),
    ("lut = [", "not valid TOML"),
    (GOOD.replace("clock_mhz = 200", "clock_mhz = nan"), "'clock_mhz' must be a positive number up to 1,000"),
    (GOOD.replace("clock_mhz = 200", "clock_mhz = inf"), "'clock_mhz' must be a positive number"),
    (GOOD.replace("ddr_gbps = 19.2", "ddr_gbps = 1e12"), "'ddr_gbps' must be a positive number up to 10,000"),
    (GOOD.replace("lut = 274080", "lut = 1000000000000"), "'lut' must be a positive integer up to 100,000,000"),
    (GOOD.replace("dsp = 2520", "dsp = -1"), "'dsp' must be a non-negative integer"),
    (GOOD.replace("uram = 0", "uram = 2.5"), "'uram' must be a non-negative integer"),
    (GOOD + 'part = "xczu9eg;exec"\n', "'part' must be a part name"),
    (GOOD.replace('name = "my-board"', 'name = "my board"'), "'name' must be a word"),
    (GOOD + 'description = "two\\nlines"\n', "'description' must be words"),
])
def test_bad_device_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        device_from_toml(path)


def test_presets_are_valid_devices_and_real_part_names_pass():
    from bcdsim.cost.devices import check_text

    for d in PRESETS.values():
        assert check_text("part", d.part) == d.part and check_text("name", d.name) == d.name
    for part in ("xc7z020clg400-1", "xczu9eg-ffvb1156-2-e", "xcu280-fsvh2892-2L-e", "xcvc1902-vsva2197-2MP-e-S",
                 "xc7a35ticsg324-1L", "xcku040-ffva1156-2-e", "xck26-sfvc784-2lv-c"):
        assert check_text("part", part) == part


def test_device_file_name_becomes_a_valid_default_name(tmp_path):
    path = tmp_path / "my board (v2).toml"
    path.write_text(GOOD.replace('name = "my-board"\n', ""))
    assert device_from_toml(path).name == "my-board--v2-"


def test_a_folder_is_not_a_device_file(tmp_path):
    (tmp_path / "dev.toml").mkdir()
    with pytest.raises(UserError, match="is a folder"):
        get_device(str(tmp_path / "dev.toml"))


def test_unknown_device():
    with pytest.raises(UserError, match="unknown device 'zcu999'"):
        get_device("zcu999")
    with pytest.raises(UserError, match="not found"):
        get_device("nothere.toml")
