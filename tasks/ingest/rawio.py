"""Low-level, read-only access to raw files: kinds, streaming hash, lines, safe opening.

Shared by discovery (tasks.ingest.discovery) and reading (tasks.ingest.sources), so both agree
on what a file's bytes, sha256 and .jsonl lines are. Nothing here ever writes to the raw folder.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from tasks.errors import Reason
from tasks.ingest.formats import registry
from tasks.ingest.records import RejectRecord
from tasks.settings import Limits

CHUNK = 1 << 20  # streaming read size: hashing and decompression never hold more than this
BYTES_PER_CHAR_MAX = 4  # no encoding we accept spends more bytes on one character (UTF-32)
JSON_BYTES_PER_CHAR_MAX = 12  # a JSON string can spend "\ud83d\ude00" (12 bytes) on one char
KINDS = ((".txt.gz", "txt.gz"), (".txt", "txt"), (".jsonl", "jsonl"))
# Agency delivery files: their kind is sniffed from the content (registry.sniff), never the name.
DELIVERY_SUFFIXES = frozenset({".tst", ".anpa", ".iptc", ".xml", ".nitf", ".json"})
SNIFFED = "sniff"  # file_kind of a delivery name: its bytes tell the format, else prose
BARE = "bare"  # file_kind of an extension-less name: an input only if it sniffs as a delivery
# An extension is 1-5 letters or digits after the last dot; "tag_reuters.com,2018_newsml_MTZ_2"
# has none (its "extension" would be "com,2018_newsml_MTZ_2"), so it is an extension-less input.
_EXTENSION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
DEFAULT_LIMITS = Limits()  # frozen, so one shared default is safe


@dataclass(frozen=True)
class InputFile:
    """One raw file as discovered; sha256 ties every record back to these exact bytes."""

    source_path: str  # POSIX, relative to the raw root; the real name (spaces, unicode, "\n")
    url: str  # absolute local path, or the fsspec URL used to open it
    kind: str  # "txt" | "txt.gz" | "jsonl" | "wire" | "xml" | "json" (sniffed)
    size: int
    mtime: float
    sha256: str
    n_records: int  # 1 for txt / txt.gz; non-blank lines for .jsonl; items of a delivery


class ReadError(Exception):
    """An I/O error of the raw file itself, kept apart from gzip's OSError for corrupt data."""


class Replaced(Exception):
    """The path no longer names the regular file that was discovered."""


def file_kind(name: str) -> str | None:
    """Input kind from the name; case-insensitive because wire feeds often write STORY.TXT.

    Hidden (`.gitattributes`) and `_`-prefixed (`_index.json`) files are a feed's metadata,
    never inputs. Delivery suffixes and extension-less names are `sniff`: content decides.
    """
    lower = name.lower().rsplit("/", 1)[-1]
    if lower.startswith((".", "_")):
        return None
    kind = next((kind for suffix, kind in KINDS if lower.endswith(suffix)), None)
    if kind is not None:
        return kind
    stem, dot, ext = lower.rpartition(".")
    if not dot or not stem or not (0 < len(ext) <= 5 and set(ext) <= _EXTENSION_CHARS):
        return BARE  # no extension: LICENSE is not an input, tag_reuters.com,2018_… is
    return SNIFFED if "." + ext in DELIVERY_SUFFIXES else None


def one_line(text: str, limit: int = 240) -> str:
    """Reject details are one printable line: control characters and newlines are escaped."""
    out = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def make_reject(
    path: str, index: int, reason: Reason, detail: str, sha: str | None
) -> RejectRecord:
    return RejectRecord(path, index, str(reason), one_line(detail), sha)


class HashingReader:
    """File-like wrapper that hashes what passes through and refuses to read past `limit`."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self._raw, self._left = raw, limit
        self.sha = hashlib.sha256()
        self.nbytes = 0

    def read(self, size: int = -1) -> bytes:
        size = self._left if size < 0 else min(size, self._left)
        try:
            data = self._raw.read(size) if size > 0 else b""
        except OSError as exc:
            raise ReadError(f"{type(exc).__name__}: {exc}") from exc
        self._left -= len(data)
        self.nbytes += len(data)
        self.sha.update(data)
        return data

    def remaining(self) -> int:
        """Bytes this reader may still return (its limit minus what it returned)."""
        return self._left

    def read_upto(self, cap: int) -> bytes:
        """Up to `cap` + 1 bytes in chunks (one more than cap tells "too long" apart)."""
        parts: list[bytes] = []
        got = 0
        while got <= cap and (chunk := self.read(min(CHUNK, cap + 1 - got))):
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def drain(self) -> None:
        while self.read(CHUNK):
            pass


def iter_lines(reader: HashingReader, max_len: int) -> Iterator[tuple[int, bytes | None, bool]]:
    """(index, line, non-blank) for every line; line is None past max_len (bytes dropped).

    The one definition of a .jsonl line and of "blank", shared by discovery (n_records) and
    reading, so stories + rejects always equal n_records.
    """
    index, size, nonblank, parts = 0, 0, False, list[bytes]()
    while chunk := reader.read(CHUNK):
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            nonblank = nonblank or bool(piece.strip())
            size += len(piece)
            if size > max_len:
                parts.clear()  # an over-long line is only measured, never kept
            else:
                parts.append(piece)
            if end < 0:
                break
            yield index, b"".join(parts) if size <= max_len else None, nonblank
            index, size, nonblank, parts, start = index + 1, 0, False, list[bytes](), end + 1
    if size:
        yield index, b"".join(parts) if size <= max_len else None, nonblank


def hash_and_count(reader: HashingReader, kind: str) -> int:
    """Read everything through the hasher; return n_records (non-blank lines for .jsonl)."""
    if kind != "jsonl":
        reader.drain()
        return 1
    return sum(1 for _, _, nonblank in iter_lines(reader, 0) if nonblank)


def sniff_hash_and_count(reader: HashingReader, kind: str) -> tuple[str, int]:
    """(kind, n_records): a .txt or delivery name is sniffed from its first bytes; a delivery
    file is read whole (it is under the size limit) and its items counted by the registry
    that will read them, so the count and the reading always agree. An extension-less file
    that is not a delivery gives (BARE, 0): not an input."""
    if kind not in ("txt", SNIFFED, BARE):
        return kind, hash_and_count(reader, kind)
    head = reader.read(registry.SNIFF_BYTES)
    sniffed = registry.sniff(head, strict=kind == "txt")
    if sniffed is None:
        reader.drain()
        return ("txt", 1) if kind != BARE else (BARE, 0)  # bare prose: not an input
    data = head + reader.read_upto(reader.remaining())
    return sniffed, registry.count_items(sniffed, data)


def os_detail(exc: OSError) -> str:
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def open_local(path: str) -> BinaryIO:
    """Open read-only without following a symlink or blocking on a FIFO swapped in."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last component is now a symlink
            raise Replaced("replaced by a symlink") from exc
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise Replaced("not a regular file")
    return open(fd, "rb")
