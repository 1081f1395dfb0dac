"""Raw folder → input files → records: the only module that touches raw files, read-only.

Discovery stats, hashes and counts every input without following symlinks or reading files
past the size limit; reading re-hashes while it streams so a file that changed since discovery
is never half-ingested. Bad input becomes a RejectRecord (reasons in docs/rejects.md).
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import posixpath
import stat
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, BinaryIO

import fsspec
from fsspec.core import split_protocol, url_to_fs

from tasks.decode import clean_text, decode_bytes
from tasks.errors import InputRejected, Reason
from tasks.records import RawRecord, RejectRecord
from tasks.settings import Limits

CHUNK = 1 << 20  # streaming read size: hashing and decompression never hold more than this
BYTES_PER_CHAR_MAX = 4  # no encoding we accept spends more bytes on one character (UTF-32)
JSON_BYTES_PER_CHAR_MAX = 12  # a JSON string can spend "\ud83d\ude00" (12 bytes) on one char
_KINDS = ((".txt.gz", "txt.gz"), (".txt", "txt"), (".jsonl", "jsonl"))
_LOCAL_PROTOCOLS = (None, "file", "local")
DEFAULT_LIMITS = Limits()  # frozen, so one shared default is safe


@dataclass(frozen=True)
class InputFile:
    """One raw file as discovered; sha256 ties every record back to these exact bytes."""

    source_path: str  # POSIX, relative to the raw root; the real name (spaces, unicode, "\n")
    url: str  # absolute local path, or the fsspec URL used to open it
    kind: str  # "txt" | "txt.gz" | "jsonl"
    size: int
    mtime: float
    sha256: str
    n_records: int  # 1 for txt / txt.gz; non-blank lines for .jsonl


@dataclass
class DiscoveryResult:
    """Inputs to read, files refused without reading, and files to retry on the next run."""

    inputs: list[InputFile] = field(default_factory=list)
    rejects: list[RejectRecord] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # still being written; not a reject


class _ReadError(Exception):
    """An I/O error of the raw file itself, kept apart from gzip's OSError for corrupt data."""


class _Replaced(Exception):
    """The path no longer names the regular file that was discovered."""


def file_kind(name: str) -> str | None:
    """Input kind from the name; case-insensitive because wire feeds often write STORY.TXT."""
    lower = name.lower()
    return next((kind for suffix, kind in _KINDS if lower.endswith(suffix)), None)


def one_line(text: str, limit: int = 240) -> str:
    """Reject details are one printable line: control characters and newlines are escaped."""
    out = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _reject(path: str, index: int, reason: Reason, detail: str, sha: str | None) -> RejectRecord:
    return RejectRecord(path, index, str(reason), one_line(detail), sha)


class _HashingReader:
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
            raise _ReadError(f"{type(exc).__name__}: {exc}") from exc
        self._left -= len(data)
        self.nbytes += len(data)
        self.sha.update(data)
        return data

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


def iter_lines(reader: _HashingReader, max_len: int) -> Iterator[tuple[int, bytes | None, bool]]:
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


def hash_and_count(reader: _HashingReader, kind: str) -> int:
    """Read everything through the hasher; return n_records (non-blank lines for .jsonl)."""
    if kind != "jsonl":
        reader.drain()
        return 1
    return sum(1 for _, _, nonblank in iter_lines(reader, 0) if nonblank)


# --- discovery ---------------------------------------------------------------------------------


def discover_inputs(raw_dir: str, limits: Limits = DEFAULT_LIMITS) -> DiscoveryResult:
    """Every *.txt, *.txt.gz, *.jsonl under raw_dir (local path or fsspec URL), sorted."""
    protocol, path = split_protocol(raw_dir)
    result = DiscoveryResult()
    if protocol in _LOCAL_PROTOCOLS:
        _discover_local(os.path.abspath(path), limits, result)
    else:
        _discover_remote(raw_dir, limits, result)
    result.inputs.sort(key=lambda f: f.source_path)
    result.rejects.sort(key=lambda r: r.source_path)
    result.deferred.sort()
    return result


def _walk_local(root: str) -> Iterator[tuple[str, os.DirEntry[str] | OSError]]:
    """(relative POSIX path, entry) for every non-directory; symlinked dirs are not entered."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel_dir)) as it:
                entries = list(it)
        except OSError as exc:
            yield rel_dir or ".", exc
            continue
        for entry in entries:
            rel = posixpath.join(rel_dir, entry.name) if rel_dir else entry.name
            if entry.is_dir(follow_symlinks=False):
                stack.append(rel)
            else:
                yield rel, entry


def _discover_local(root: str, limits: Limits, result: DiscoveryResult) -> None:
    for rel, entry in _walk_local(root):
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        if isinstance(entry, OSError):
            result.rejects.append(_reject(shown, 0, Reason.UNREADABLE, _os_detail(entry), None))
        elif entry.is_symlink():
            if file_kind(entry.name) or entry.is_dir():
                detail = _symlink_detail(root, entry.path)
                result.rejects.append(_reject(shown, 0, Reason.SYMLINK, detail, None))
        elif file_kind(entry.name) is None:
            continue
        elif shown != rel:  # undecodable bytes would break Parquet; never guess the name
            detail = "file name is not valid UTF-8"
            result.rejects.append(_reject(shown, 0, Reason.UNREADABLE, detail, None))
        else:
            _discover_local_file(rel, entry.path, limits, result)


def _symlink_detail(root: str, path: str) -> str:
    target = os.readlink(path)
    resolved, real_root = os.path.realpath(path), os.path.realpath(root)
    if not os.path.exists(path):
        where = "dangling"
    elif resolved == real_root or resolved.startswith(real_root + os.sep):
        where = "inside the raw folder"
    else:
        where = "outside the raw folder"
    return f"symlink to {target} ({where}); not followed"


def _os_detail(exc: OSError) -> str:
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def _open_local(path: str) -> BinaryIO:
    """Open read-only without following a symlink or blocking on a FIFO swapped in."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last component is now a symlink
            raise _Replaced("replaced by a symlink") from exc
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _Replaced("not a regular file")
    return open(fd, "rb")


def _discover_local_file(rel: str, path: str, limits: Limits, result: DiscoveryResult) -> None:
    kind = file_kind(rel) or "txt"
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode):  # FIFO, socket, device: opening could hang
            detail = f"not a regular file (mode {stat.filemode(before.st_mode)})"
            result.rejects.append(_reject(rel, 0, Reason.UNREADABLE, detail, None))
            return
        if before.st_size > limits.max_file_bytes:
            detail = f"{before.st_size} bytes > limit {limits.max_file_bytes}; not read"
            result.rejects.append(_reject(rel, 0, Reason.TOO_LARGE, detail, None))
            return
        with _open_local(path) as raw:
            reader = _HashingReader(raw, before.st_size + 1)
            n_records = hash_and_count(reader, kind)
        after = os.lstat(path)
    except FileNotFoundError:
        return  # deleted while we looked (temp file renamed away): nothing to ingest
    except (OSError, _ReadError, _Replaced) as exc:
        detail = _os_detail(exc) if isinstance(exc, OSError) else str(exc)
        result.rejects.append(_reject(rel, 0, Reason.UNREADABLE, detail, None))
        return
    key = (before.st_size, before.st_mtime_ns, before.st_ino)
    if key != (after.st_size, after.st_mtime_ns, after.st_ino) or reader.nbytes != before.st_size:
        result.deferred.append(rel)
        return
    sha = reader.sha.hexdigest()
    result.inputs.append(
        InputFile(rel, path, kind, before.st_size, before.st_mtime, sha, n_records)
    )


def _info_mtime(info: dict[str, Any]) -> float:
    """fsspec backends name the modification time differently (mtime, LastModified, created)."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, int | float):
            return float(value)
    return 0.0


def _discover_remote(raw_dir: str, limits: Limits, result: DiscoveryResult) -> None:
    fs, root = url_to_fs(raw_dir)
    root = root.rstrip("/")
    for path, info in sorted(fs.find(root, detail=True).items()):
        rel = path[len(root) :].lstrip("/") if path.startswith(root) else path
        kind = file_kind(rel)
        if kind is None or info.get("type") != "file":
            continue
        size, mtime = int(info.get("size") or 0), _info_mtime(info)
        if size > limits.max_file_bytes:
            detail = f"{size} bytes > limit {limits.max_file_bytes}; not read"
            result.rejects.append(_reject(rel, 0, Reason.TOO_LARGE, detail, None))
            continue
        try:
            with fs.open(path, "rb") as raw:
                reader = _HashingReader(raw, size + 1)
                n_records = hash_and_count(reader, kind)
            fs.invalidate_cache(path)
            after = fs.info(path)
        except FileNotFoundError:
            continue
        except (OSError, _ReadError) as exc:
            result.rejects.append(_reject(rel, 0, Reason.UNREADABLE, str(exc), None))
            continue
        if (int(after.get("size") or 0), _info_mtime(after)) != (size, mtime) or (
            reader.nbytes != size
        ):
            result.deferred.append(rel)
            continue
        url = fs.unstrip_protocol(path)
        sha = reader.sha.hexdigest()
        result.inputs.append(InputFile(rel, url, kind, size, mtime, sha, n_records))


# --- reading -----------------------------------------------------------------------------------

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
Item = RawRecord | RejectRecord


def read_records(
    input: InputFile, limits: Limits = DEFAULT_LIMITS, only_indices: set[int] | None = None
) -> Iterator[Item]:
    """Stories and rejects of one discovered file; nothing if its bytes changed (`vanished`).

    Items are held until the whole file is hashed, so a file rewritten mid-read yields one
    `vanished` reject instead of a mix of old and new stories.
    """
    if only_indices is not None and input.kind != "jsonl" and 0 not in only_indices:
        return
    file_reject = _file_reject(input)
    try:
        raw = _open_local(input.url) if os.path.isabs(input.url) else _open_remote(input.url)
        with raw:
            reader = _HashingReader(raw, input.size + 1)
            items = list(_READERS[input.kind](reader, input, limits, only_indices))
            reader.drain()
    except FileNotFoundError:
        yield file_reject(Reason.VANISHED, "file disappeared since discovery")
        return
    except _Replaced as exc:
        yield file_reject(Reason.VANISHED, f"changed since discovery: {exc}")
        return
    except (OSError, _ReadError) as exc:
        detail = _os_detail(exc) if isinstance(exc, OSError) else str(exc)
        yield file_reject(Reason.UNREADABLE, detail)
        return
    if reader.nbytes != input.size or reader.sha.hexdigest() != input.sha256:
        yield file_reject(Reason.VANISHED, "changed since discovery (sha256 differs)")
        return
    yield from items


def _open_remote(url: str) -> BinaryIO:
    return fsspec.open(url, "rb").open()


def _file_reject(input: InputFile) -> Callable[[Reason, str], RejectRecord]:
    """File-level rejects use source_index 0 and the sha256 seen at discovery."""
    return lambda reason, detail: _reject(input.source_path, 0, reason, detail, input.sha256)


def _read_txt(reader: _HashingReader, input: InputFile, limits: Limits, _: Any) -> Iterator[Item]:
    cap = BYTES_PER_CHAR_MAX * limits.max_story_chars
    data = reader.read_upto(cap)
    if len(data) > cap:
        detail = f"{input.size} bytes: over {limits.max_story_chars} characters in any encoding"
        yield _file_reject(input)(Reason.TOO_LONG, detail)
        return
    yield _story_from_bytes(data, input, limits)


def _read_gz(reader: _HashingReader, input: InputFile, limits: Limits, _: Any) -> Iterator[Item]:
    """Inflate in bounded chunks: a bomb is refused at the cap, never held in memory."""
    keep, total, kept = BYTES_PER_CHAR_MAX * limits.max_story_chars, 0, list[bytes]()
    reject = _file_reject(input)
    try:
        with gzip.GzipFile(fileobj=reader, mode="rb") as gz:  # type: ignore[arg-type]
            while chunk := gz.read(CHUNK):
                total += len(chunk)
                if total > limits.max_decompressed_bytes:
                    cap = limits.max_decompressed_bytes
                    yield reject(Reason.DECOMPRESSED_TOO_LARGE, f"inflates past {cap} bytes")
                    return
                if total <= keep + CHUNK:
                    kept.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        yield reject(Reason.CORRUPT_GZIP, f"{type(exc).__name__}: {exc}")
        return
    if total > keep:
        detail = f"inflates to {total} bytes: over {limits.max_story_chars} characters"
        yield reject(Reason.TOO_LONG, detail)
        return
    yield _story_from_bytes(b"".join(kept), input, limits)


def _read_jsonl(
    reader: _HashingReader, input: InputFile, limits: Limits, only: set[int] | None
) -> Iterator[Item]:
    max_len = JSON_BYTES_PER_CHAR_MAX * limits.max_story_chars + 65536
    for index, line, nonblank in iter_lines(reader, max_len):
        if not nonblank or (only is not None and index not in only):
            continue
        if line is None:
            detail = f"{_where(index)}: line over {max_len} bytes, too long for any story"
            yield _reject(input.source_path, index, Reason.TOO_LONG, detail, input.sha256)
        else:
            yield _story_from_json(line, index, input, limits)


_READERS = {"txt": _read_txt, "txt.gz": _read_gz, "jsonl": _read_jsonl}


def _where(index: int) -> str:
    return f"line {index + 1} (index {index})"


def _story_from_bytes(data: bytes, input: InputFile, limits: Limits) -> Item:
    try:
        text, encoding = decode_bytes(data)
    except InputRejected as exc:
        return _reject(input.source_path, 0, exc.reason, exc.detail, input.sha256)
    return _story(text, encoding, input, 0, limits, {})


def _story(
    text: str, encoding: str, input: InputFile, index: int, limits: Limits, hints: dict[str, Any]
) -> Item:
    """Length check before clean_text, so a huge story never reaches ftfy."""
    where = _where(index) + ": " if input.kind == "jsonl" else ""
    if len(text) > limits.max_story_chars:
        detail = f"{where}{len(text)} characters > limit {limits.max_story_chars}"
        return _reject(input.source_path, index, Reason.TOO_LONG, detail, input.sha256)
    cleaned = clean_text(text)
    if not cleaned.strip():
        detail = f"{where}no text" if not text else f"{where}only whitespace or control characters"
        return _reject(input.source_path, index, Reason.EMPTY, detail, input.sha256)
    return RawRecord(input.source_path, index, cleaned, encoding, input.sha256, **hints)


def _story_from_json(line: bytes, index: int, input: InputFile, limits: Limits) -> Item:
    def reject(reason: Reason, detail: str) -> RejectRecord:
        return _reject(input.source_path, index, reason, f"{_where(index)}: {detail}", input.sha256)

    if index == 0 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    try:
        text, encoding = line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:  # JSON is UTF-8 by spec; be lenient like for .txt
        try:
            text, encoding = decode_bytes(line)
        except InputRejected as exc:
            return reject(exc.reason, exc.detail)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return reject(Reason.MALFORMED_JSON, f"{exc.msg} (column {exc.colno})")
    except RecursionError:
        return reject(Reason.MALFORMED_JSON, "nested too deeply")
    except ValueError as exc:  # e.g. an integer with more digits than Python allows
        return reject(Reason.MALFORMED_JSON, str(exc))
    if not isinstance(obj, dict):
        return reject(Reason.MALFORMED_JSON, f"not a JSON object but {_json_type(obj)}")
    story = obj.get("text")
    if not isinstance(story, str):
        missing = "missing" if "text" not in obj else f"{_json_type(story)}, not a string"
        return reject(Reason.BAD_FIELD, f"`text` is {missing}")
    return _story(story, encoding, input, index, limits, _hints(obj))


def _json_type(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), "a number")


def _hints(obj: dict[str, Any]) -> dict[str, Any]:
    """Optional metadata: a bad hint is dropped, never a reject (the text is what matters)."""
    return {
        "id_hint": _short(obj.get("id"), 200),
        "agency_hint": _short(obj.get("agency"), 64),
        "header_date": _date_hint(obj.get("date")),
    }


def _short(value: object, limit: int) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return clean_text(value[: limit * 2]).strip()[:limit] or None


def _date_hint(value: object) -> date | None:
    """YYYY-MM-DD or an ISO datetime; anything else is ignored."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
