"""Input file → records: stories and rejects, re-hashing while streaming, read-only.

Reading re-hashes what it streams, so a file that changed since discovery is never
half-ingested (one `vanished` reject instead). Bad input becomes a RejectRecord with a reason
from tasks.errors (docs/rejects.md).
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any, BinaryIO

import fsspec

from tasks.errors import InputRejected, Reason
from tasks.ingest.decode import clean_text, decode_bytes
from tasks.ingest.formats import registry
from tasks.ingest.formats.base import Skip, Story
from tasks.ingest.rawio import (
    BYTES_PER_CHAR_MAX,
    CHUNK,
    DEFAULT_LIMITS,
    JSON_BYTES_PER_CHAR_MAX,
    HashingReader,
    InputFile,
    ReadError,
    Replaced,
    iter_lines,
    make_reject,
    open_local,
    os_detail,
)
from tasks.ingest.records import Delivered, RawRecord, RejectRecord
from tasks.ingest.repair import repair_question_marks
from tasks.settings import Limits

_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
Item = RawRecord | RejectRecord


def read_records(
    input: InputFile, limits: Limits = DEFAULT_LIMITS, only_indices: set[int] | None = None
) -> Iterator[Item]:
    """Stories and rejects of one discovered file; nothing if its bytes changed (`vanished`).

    Items are held until the whole file is hashed, so a file rewritten mid-read yields one
    `vanished` reject instead of a mix of old and new stories.
    """
    if only_indices is not None and input.kind in _SINGLE and 0 not in only_indices:
        return
    file_reject = _file_reject(input)
    try:
        raw = open_local(input.url) if os.path.isabs(input.url) else _open_remote(input.url)
        with raw:
            reader = HashingReader(raw, input.size + 1)
            items = list(_READERS[input.kind](reader, input, limits, only_indices))
            reader.drain()
    except FileNotFoundError:
        yield file_reject(Reason.VANISHED, "file disappeared since discovery")
        return
    except Replaced as exc:
        yield file_reject(Reason.VANISHED, f"changed since discovery: {exc}")
        return
    except (OSError, ReadError) as exc:
        detail = os_detail(exc) if isinstance(exc, OSError) else str(exc)
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
    return lambda reason, detail: make_reject(input.source_path, 0, reason, detail, input.sha256)


def _read_txt(reader: HashingReader, input: InputFile, limits: Limits, _: Any) -> Iterator[Item]:
    cap = BYTES_PER_CHAR_MAX * limits.max_story_chars
    data = reader.read_upto(cap)
    if len(data) > cap:
        detail = f"{input.size} bytes: over {limits.max_story_chars} characters in any encoding"
        yield _file_reject(input)(Reason.TOO_LONG, detail)
        return
    yield _story_from_bytes(data, input, limits)


def _read_gz(reader: HashingReader, input: InputFile, limits: Limits, _: Any) -> Iterator[Item]:
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
    reader: HashingReader, input: InputFile, limits: Limits, only: set[int] | None
) -> Iterator[Item]:
    max_len = JSON_BYTES_PER_CHAR_MAX * limits.max_story_chars + 65536
    for index, line, nonblank in iter_lines(reader, max_len):
        if not nonblank or (only is not None and index not in only):
            continue
        if line is None:
            detail = f"{_where(index)}: line over {max_len} bytes, too long for any story"
            yield make_reject(input.source_path, index, Reason.TOO_LONG, detail, input.sha256)
        else:
            yield _story_from_json(line, index, input, limits)


def _read_delivery(
    reader: HashingReader, input: InputFile, limits: Limits, only: set[int] | None
) -> Iterator[Item]:
    """An agency delivery file: every item (story or reject) at its position in the file."""
    data = reader.read_upto(input.size)
    for index, item in enumerate(registry.read_items(input.kind, data)):
        if only is not None and index not in only:
            continue
        if isinstance(item, Skip):
            yield make_reject(input.source_path, index, item.reason, item.detail, input.sha256)
        else:
            yield _delivered_story(item, index, input, limits)


def _delivered_story(story: Story, index: int, input: InputFile, limits: Limits) -> Item:
    delivered = _clean_fields(story.delivered)
    hints = {
        "header_date": delivered.date,
        "agency_hint": delivered.agency,
        "delivered": delivered,
    }
    return _story(story.text, story.encoding, input, index, limits, hints)


def _clean_fields(delivered: Delivered) -> Delivered:
    """Entities, mojibake and controls out of every delivered string (double-escaped feeds)."""
    changes = {
        name: " ".join(clean_text(value).split()) or None
        for name, value in vars(delivered).items()
        if isinstance(value, str) and name != "format"
    }
    changes["subjects"] = tuple(" ".join(clean_text(s).split()) for s in delivered.subjects)
    changes["names"] = tuple(" ".join(clean_text(s).split()) for s in delivered.names)
    return replace(delivered, **changes)


_READERS = {
    "txt": _read_txt,
    "txt.gz": _read_gz,
    "jsonl": _read_jsonl,
    **dict.fromkeys(registry.KINDS, _read_delivery),
}
_SINGLE = frozenset({"txt", "txt.gz"})  # one record per file, index 0


def _where(index: int) -> str:
    return f"line {index + 1} (index {index})"


def _story_from_bytes(data: bytes, input: InputFile, limits: Limits) -> Item:
    try:
        text, encoding = decode_bytes(data)
    except InputRejected as exc:
        return make_reject(input.source_path, 0, exc.reason, exc.detail, input.sha256)
    return _story(text, encoding, input, 0, limits, {})


def _story(
    text: str, encoding: str, input: InputFile, index: int, limits: Limits, hints: dict[str, Any]
) -> Item:
    """Length check before clean_text, so a huge story never reaches ftfy."""
    where = _where(index) + ": " if input.kind == "jsonl" else f"item {index}: " if index else ""
    if len(text) > limits.max_story_chars:
        detail = f"{where}{len(text)} characters > limit {limits.max_story_chars}"
        return make_reject(input.source_path, index, Reason.TOO_LONG, detail, input.sha256)
    cleaned, repairs = repair_question_marks(clean_text(text))
    if not cleaned.strip():
        detail = f"{where}no text" if not text else f"{where}only whitespace or control characters"
        return make_reject(input.source_path, index, Reason.EMPTY, detail, input.sha256)
    return RawRecord(
        input.source_path, index, cleaned, encoding, input.sha256, **hints, repairs=tuple(repairs)
    )


def _story_from_json(line: bytes, index: int, input: InputFile, limits: Limits) -> Item:
    def reject(reason: Reason, detail: str) -> RejectRecord:
        return make_reject(
            input.source_path, index, reason, f"{_where(index)}: {detail}", input.sha256
        )

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
