"""The open ECP5 bitstream flow: board presets, the board top (UART, PLL, LEDs), pin constraints,
yosys ``synth_ecp5``, nextpnr-ecp5 and ecppack (the yowasp WebAssembly builds from PyPI)."""
