"""Reading and writing the files a fix touches, without damaging them.

A source file is decoded the way Python decodes it (BOM, then a PEP 263 coding
cookie, else UTF-8) and written back the same way: same encoding, the BOM only if it
had one, line endings as found (the text is never newline-translated), and the
original permission bits.  Writes are atomic: the new bytes go to a temporary file in
the same directory, which then replaces the original with ``os.replace``, so a crash
or a full disk leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    """A decoded source file and what is needed to write it back identically."""

    path: Path
    text: str  # without the BOM; line endings untouched
    encoding: str  # as tokenize reports it: "utf-8-sig" when the file has a BOM

    @property
    def has_bom(self) -> bool:
        return self.encoding == "utf-8-sig"

    def encode(self, text: str) -> bytes:
        """``text`` in this file's encoding (re-adding the BOM when it had one)."""
        return text.encode(self.encoding)


def decode_source(data: bytes, path: Path = Path("<stdin>")) -> SourceFile:
    """Decode bytes as Python would; raises SyntaxError/UnicodeDecodeError when it cannot."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return SourceFile(path, data.decode(encoding), encoding)


def read_source(path: Path) -> SourceFile:
    """Read and decode ``path``."""
    return decode_source(path.read_bytes(), path)


def write_source(source: SourceFile, text: str) -> None:
    """Write ``text`` over ``source.path`` atomically, in the file's own encoding."""
    write_atomic(source.path, source.encode(text))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary sibling file and ``os.replace``.

    A symlink is followed (its target is rewritten, the link stays), and the target's
    permission bits are copied onto the new file before it takes the old one's place.
    """
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except BaseException:
        if os.path.exists(temp_name):
            os.unlink(temp_name)
        raise
