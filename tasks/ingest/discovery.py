"""Raw folder → input files: stat, hash and count every input, read-only.

Symlinks are reported, never followed; files past the size limit are rejected unread; a file
whose size or mtime moves while it is hashed is deferred to the next run (still being written).
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fsspec.core import split_protocol, url_to_fs

from tasks.errors import Reason
from tasks.ingest.rawio import (
    BARE,
    DEFAULT_LIMITS,
    HashingReader,
    InputFile,
    ReadError,
    Replaced,
    file_kind,
    hash_and_count,
    make_reject,
    open_local,
    os_detail,
    sniff_hash_and_count,
)
from tasks.ingest.records import RejectRecord
from tasks.settings import Limits

LOCAL_PROTOCOLS = (None, "file", "local")


@dataclass
class DiscoveryResult:
    """Inputs to read, files refused without reading, and files to retry on the next run."""

    inputs: list[InputFile] = field(default_factory=list)
    rejects: list[RejectRecord] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)  # still being written; not a reject


def discover_inputs(
    raw_dir: str, limits: Limits = DEFAULT_LIMITS, known: DiscoveryResult | None = None
) -> DiscoveryResult:
    """Every input under raw_dir (local path or fsspec URL), sorted: *.txt, *.txt.gz, *.jsonl,
    agency deliveries (*.tst, *.anpa, *.xml, *.nitf, *.json, extension-less), sniffed.

    `known`: an earlier discovery of this folder that is trusted: a file with the same
    location, size and modification time keeps its hash and counts instead of being read
    again (the read is most of discovery's cost, and all of it for a remote folder). A
    same-size rewrite that restores the modification time is missed by such a discovery.
    """
    protocol, path = split_protocol(raw_dir)
    result = DiscoveryResult()
    seen = {f.source_path: f for f in known.inputs} if known else {}
    if protocol in LOCAL_PROTOCOLS:
        _discover_local(os.path.abspath(path), limits, result, seen)
    else:
        _discover_remote(raw_dir, limits, result, seen)
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


def _unchanged(
    seen: dict[str, InputFile], rel: str, url: str, size: int, mtime: float
) -> InputFile | None:
    """The earlier discovery's record of this file, if it still has its location, size and
    modification time; else None (read it)."""
    prev = seen.get(rel)
    if prev is not None and (prev.url, prev.size, prev.mtime) == (url, size, mtime):
        return prev
    return None


def _discover_local(
    root: str, limits: Limits, result: DiscoveryResult, seen: dict[str, InputFile]
) -> None:
    for rel, entry in _walk_local(root):
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace")
        if isinstance(entry, OSError):
            result.rejects.append(make_reject(shown, 0, Reason.UNREADABLE, os_detail(entry), None))
        elif entry.is_symlink():
            if file_kind(entry.name) or entry.is_dir():
                detail = _symlink_detail(root, entry.path)
                result.rejects.append(make_reject(shown, 0, Reason.SYMLINK, detail, None))
        elif file_kind(entry.name) is None:
            continue
        elif shown != rel:  # undecodable bytes would break Parquet; never guess the name
            detail = "file name is not valid UTF-8"
            result.rejects.append(make_reject(shown, 0, Reason.UNREADABLE, detail, None))
        else:
            _discover_local_file(rel, entry.path, limits, result, seen)


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


def _discover_local_file(
    rel: str, path: str, limits: Limits, result: DiscoveryResult, seen: dict[str, InputFile]
) -> None:
    kind = file_kind(rel) or "txt"  # symlink targets etc. never reach here unnamed
    try:
        before = os.lstat(path)
        if not stat.S_ISREG(before.st_mode):  # FIFO, socket, device: opening could hang
            detail = f"not a regular file (mode {stat.filemode(before.st_mode)})"
            result.rejects.append(make_reject(rel, 0, Reason.UNREADABLE, detail, None))
            return
        if before.st_size > limits.max_file_bytes:
            detail = f"{before.st_size} bytes > limit {limits.max_file_bytes}; not read"
            result.rejects.append(make_reject(rel, 0, Reason.TOO_LARGE, detail, None))
            return
        if prev := _unchanged(seen, rel, path, before.st_size, before.st_mtime):
            result.inputs.append(prev)
            return
        with open_local(path) as raw:
            reader = HashingReader(raw, before.st_size + 1)
            kind, n_records = _sniff_and_count(reader, kind)
        after = os.lstat(path)
    except FileNotFoundError:
        return  # deleted while we looked (temp file renamed away): nothing to ingest
    except (OSError, ReadError, Replaced) as exc:
        detail = os_detail(exc) if isinstance(exc, OSError) else str(exc)
        result.rejects.append(make_reject(rel, 0, Reason.UNREADABLE, detail, None))
        return
    if kind == BARE:
        return  # an extension-less file that is no delivery (LICENSE, Makefile): not an input
    key = (before.st_size, before.st_mtime_ns, before.st_ino)
    if key != (after.st_size, after.st_mtime_ns, after.st_ino) or reader.nbytes != before.st_size:
        result.deferred.append(rel)
        return
    sha = reader.sha.hexdigest()
    result.inputs.append(
        InputFile(rel, path, kind, before.st_size, before.st_mtime, sha, n_records)
    )


def _sniff_and_count(reader: HashingReader, kind: str) -> tuple[str, int]:
    """Plain kinds keep `hash_and_count`; a sniffed name gets its kind from its content."""
    if kind in ("txt.gz", "jsonl"):
        return kind, hash_and_count(reader, kind)
    return sniff_hash_and_count(reader, kind)


def _info_mtime(info: dict[str, Any]) -> float:
    """fsspec backends name the modification time differently (mtime, LastModified, created)."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if isinstance(value, datetime):
            return value.timestamp()
        if isinstance(value, int | float):
            return float(value)
    return 0.0


def _discover_remote(
    raw_dir: str, limits: Limits, result: DiscoveryResult, seen: dict[str, InputFile]
) -> None:
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
            result.rejects.append(make_reject(rel, 0, Reason.TOO_LARGE, detail, None))
            continue
        if prev := _unchanged(seen, rel, fs.unstrip_protocol(path), size, mtime):
            result.inputs.append(prev)
            continue
        try:
            with fs.open(path, "rb") as raw:
                reader = HashingReader(raw, size + 1)
                kind, n_records = _sniff_and_count(reader, kind)
            fs.invalidate_cache(path)
            after = fs.info(path)
        except FileNotFoundError:
            continue
        except (OSError, ReadError) as exc:
            result.rejects.append(make_reject(rel, 0, Reason.UNREADABLE, str(exc), None))
            continue
        if kind == BARE:
            continue
        if (int(after.get("size") or 0), _info_mtime(after)) != (size, mtime) or (
            reader.nbytes != size
        ):
            result.deferred.append(rel)
            continue
        url = fs.unstrip_protocol(path)
        sha = reader.sha.hexdigest()
        result.inputs.append(InputFile(rel, url, kind, size, mtime, sha, n_records))
