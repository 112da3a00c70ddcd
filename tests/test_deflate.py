"""Deflate in blocks: the collection back byte for byte, whatever the pieces it was fed in, the
same stream every time, and zipfile's own stream for a collection of one block."""

from __future__ import annotations

import random
import zlib

import pytest

from qadeck.package.deflate import BLOCK, BlockDeflate
from qadeck.package.writer import COMPRESS_LEVEL


def text_like(size: int) -> bytes:
    """Compressible bytes, like a collection's rows, and deterministic."""
    rng = random.Random(size)
    words = [b"model", b"drift", b"<p>", b"</p>", b"serving", b"\x1f", b"batch", b"0123"]
    out = bytearray()
    while len(out) < size:
        out += rng.choice(words) + b" "
    return bytes(out[:size])


def deflated(data: bytes, piece: int) -> bytes:
    compressor = BlockDeflate(COMPRESS_LEVEL)
    stream = [compressor.compress(data[i : i + piece]) for i in range(0, len(data), piece)]
    return b"".join([*stream, compressor.flush()])


@pytest.mark.parametrize("size", [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + BLOCK // 2])
def test_the_stream_inflates_to_the_data_whatever_the_pieces(size: int) -> None:
    data = text_like(size)
    streams = {deflated(data, piece) for piece in (1 << 16, 12_345, BLOCK + 7)}
    assert len(streams) == 1  # one stream, however the data came in
    (stream,) = streams
    assert zlib.decompress(stream, -zlib.MAX_WBITS) == data
    if size > BLOCK:
        whole = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
        assert len(stream) < 1.01 * len(whole.compress(data) + whole.flush())


def test_less_than_a_block_is_zipfiles_own_stream() -> None:
    data = text_like(BLOCK - 1)
    zipfiles = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert deflated(data, 1 << 16) == zipfiles.compress(data) + zipfiles.flush()
