"""The host side of the board protocol (``bcd_frame_rx`` / ``bcd_result_tx``): a frame is 0xA5 and
the input words, each little-endian in whole bytes (lane p at bits [p*IN_BITS +: IN_BITS]); the
answer is 0x5A, the output words the same way (signed logits) and the class byte."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from bcdsim.backends.ecp5.network import NetworkPorts
from bcdsim.errors import UserError

FRAME_SYNC = 0xA5
RESULT_SYNC = 0x5A


def pack_word(values, bits: int, nbytes: int) -> bytes:
    mask = (1 << bits) - 1
    word = 0
    for p, v in enumerate(values):
        word |= (int(v) & mask) << (p * bits)
    return word.to_bytes(nbytes, "little")


def frame_bytes(words: np.ndarray, ports: NetworkPorts) -> bytes:
    """One image's input words (words_per_frame x lanes integers) as sent over the UART."""
    if words.shape != (ports.in_words, ports.in_lanes):
        raise UserError(f"an input frame is {ports.in_words} x {ports.in_lanes} values, not {words.shape}")
    return bytes([FRAME_SYNC]) + b"".join(pack_word(w, ports.in_bits, ports.in_bytes) for w in words)


def unpack_words(data: bytes, lanes: int, bits: int, nbytes: int, signed: bool) -> list[int]:
    values = []
    for start in range(0, len(data), nbytes):
        word = int.from_bytes(data[start:start + nbytes], "little")
        for p in range(lanes):
            v = (word >> (p * bits)) & ((1 << bits) - 1)
            if signed and v >> (bits - 1):
                v -= 1 << bits
            values.append(v)
    return values


def parse_result(data: bytes, ports: NetworkPorts) -> tuple[list[int], int]:
    """(logits, class) from one answer of the board."""
    if len(data) != ports.result_bytes:
        raise UserError(f"the board answered {len(data)} bytes, expected {ports.result_bytes} (timeout?)")
    if data[0] != RESULT_SYNC:
        raise UserError(f"the board's answer starts with 0x{data[0]:02x}, not 0x{RESULT_SYNC:02x}")
    logits = unpack_words(data[1:-1], ports.out_lanes, ports.out_bits, ports.out_bytes, signed=True)
    return logits[:ports.classes], data[-1]


def result_bytes(logits: list[int], ports: NetworkPorts) -> bytes:
    """What the board sends for these logits (the emulator in the tests, and a reference)."""
    padded = list(logits) + [0] * (ports.out_lanes * ports.out_words - len(logits))
    words = [pack_word(padded[j * ports.out_lanes:(j + 1) * ports.out_lanes], ports.out_bits, ports.out_bytes)
             for j in range(ports.out_words)]
    best = int(np.argmax(np.asarray(logits[:ports.classes])))  # the first maximum, as the hardware
    return bytes([RESULT_SYNC]) + b"".join(words) + bytes([best])


def read_frames(path: Path, ports: NetworkPorts) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Test images as input words, hw mode's logits and the labels (``stimulus.npz``: arrays
    ``input_words`` N x words x lanes, ``expected_logits`` N x classes, optional ``labels``)."""
    try:
        data = np.load(path, allow_pickle=False)
        words, logits = data["input_words"], data["expected_logits"]
        labels = data["labels"] if "labels" in data.files else None
    except (OSError, ValueError, KeyError) as e:
        raise UserError(f"{path}: not a stimulus file with input_words and expected_logits ({e})") from None
    if words.ndim != 3 or words.shape[1:] != (ports.in_words, ports.in_lanes) or logits.shape != (len(words),
                                                                                                    ports.classes):
        raise UserError(f"{path}: input_words {words.shape} / expected_logits {logits.shape} do not match "
                        f"network.json ({ports.in_words} x {ports.in_lanes} words, {ports.classes} classes)")
    return words, logits, labels
