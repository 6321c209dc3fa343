"""One generated XNOR layer (``bcdsim rtl --layer``) as a network with the NETWORK_TOP ports, so the
board flow runs on real units before the whole-network generator exists: a frame is one output
pixel (MW/SIMD input words of SIMD bits + SIMD valid bits: 2*SIMD one-bit lanes, as the layer's
benches pack them), its output the MH stage values (MH/PE words of PE lanes, OW bits)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from bcdsim.errors import UserError


def wrap_layer(design: Path, unit: str, out: Path) -> Path:
    info_path = design / f"{unit}.json"
    if not info_path.is_file():
        raise UserError(f"{design} has no unit {unit}")
    info = json.loads(info_path.read_text())
    if info["out_mode"] != 2:
        raise UserError(f"{unit}: only affine output stages are wrapped (OUT_MODE 2)")
    simd, pe, mw, mh, ow = info["simd"], info["pe"], info["mw"], info["mh"], info["ow"]
    words_in, words_out = mw // simd, mh // pe
    out.mkdir(parents=True, exist_ok=True)
    sources = []
    for src in sorted((design / "lib").glob("*.v")) + [design / f"{unit}.v"]:
        shutil.copyfile(src, out / src.name)
        sources.append(src.name)
    memories = []
    for mem in sorted(design.glob(f"{unit}_*.mem")):
        shutil.copyfile(mem, out / mem.name)
        memories.append(mem.name)
    lw = max(1, (words_out - 1).bit_length())
    (out / "bcd_network.v").write_text(f"""// bcd_network: layer {unit} behind the NETWORK_TOP ports
// (written by bcdsim.backends.ecp5.layer_network)
`default_nettype none

module bcd_network (
    input  wire                 clk,
    input  wire                 rst_n,
    input  wire [{info['in_w'] - 1}:0]  s_axis_tdata,
    input  wire                 s_axis_tvalid,
    output wire                 s_axis_tready,
    input  wire                 s_axis_tlast,
    output wire [{info['out_w'] - 1}:0] m_axis_tdata,
    output wire                 m_axis_tvalid,
    input  wire                 m_axis_tready,
    output wire                 m_axis_tlast
);
    reg [{lw - 1}:0] word;  // output word of the pixel
    {unit} layer (
        .ap_clk(clk), .ap_rst_n(rst_n),
        .in_TDATA(s_axis_tdata), .in_TVALID(s_axis_tvalid), .in_TREADY(s_axis_tready),
        .out_TDATA(m_axis_tdata), .out_TVALID(m_axis_tvalid), .out_TREADY(m_axis_tready));
    assign m_axis_tlast = (word == {lw}'d{words_out - 1});
    always @(posedge clk)
        if (!rst_n) word <= {lw}'d0;
        else if (m_axis_tvalid && m_axis_tready) word <= m_axis_tlast ? {lw}'d0 : word + 1'b1;
    wire unused = &{{1'b0, s_axis_tlast}};
endmodule
""")
    stim = np.load(design / f"{unit}_stimulus.npz")
    n = len(stim["bits"])
    bits = stim["bits"].reshape(n, words_in, simd).astype(np.int64)
    valid = stim["valid"].reshape(n, words_in, simd).astype(np.int64)
    np.savez(out / "stimulus.npz", input_words=np.concatenate([bits, valid], axis=2),
             expected_logits=stim["stage"].astype(np.int64))
    network = {"top": "bcd_network", "sources": ["bcd_network.v", *sources], "memories": memories,
               "input": {"lanes": 2 * simd, "bits": 1, "signed": False, "words_per_frame": words_in,
                         "shape": [mw], "order": "SIMD bits then SIMD valid bits per word", "frac_bits": 0},
               "output": {"lanes": pe, "bits": ow, "words_per_frame": words_out, "classes": mh,
                          "frac_bits": info.get("out_frac", 0)},
               "cycles_per_frame": info["full_frame_cycles"] // info["full_frame_pixels"],
               "latency_cycles": info["latency"], "model": f"{info['model']} layer {unit}", "folding": {
                   unit: {"simd": simd, "pe": pe}}}
    (out / "network.json").write_text(json.dumps(network, indent=1) + "\n")
    return out
