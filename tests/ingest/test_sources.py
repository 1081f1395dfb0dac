"""discover_inputs / read_records on well-formed input, local and fsspec (memory://)."""

from __future__ import annotations

import gzip
import hashlib
import itertools
from pathlib import Path

import fsspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.ingest import rawio, sources
from tasks.ingest.discovery import discover_inputs
from tasks.ingest.records import RawRecord, RejectRecord
from tasks.ingest.sources import read_records
from tasks.settings import Limits
from tests.conftest import require_corpus

JSONL = b'{"text": "one", "agency": "PTI"}\n\n{"text": "two"}\r\n   \n{"text": "three"}'
FILES = {
    "b/story.txt": b" date 2022-03-23 New Delhi [India], March 23 (ANI): Story.",
    "a/feed.jsonl": JSONL,  # blank lines, CRLF, no final newline
    "c/old.txt.gz": gzip.compress(b"Gzipped story."),
    "LOUD.TXT": b"Upper-case name.",
    "notes.md": b"# not an input",
    "_index.json": b"{}",  # a feed's `_` sidecar is not an input (a .json would be ninjs)
    "data.gz": gzip.compress(b"not .txt.gz"),
    "dir.txt/inner.txt": b"a folder named like a file is walked, not read",
}
_memory_ids = itertools.count()


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    for name, data in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_discovery_finds_inputs_sorted_with_metadata(raw: Path) -> None:
    found = discover_inputs(str(raw))
    assert not found.rejects and not found.deferred
    paths = ["LOUD.TXT", "a/feed.jsonl", "b/story.txt", "c/old.txt.gz", "dir.txt/inner.txt"]
    assert [i.source_path for i in found.inputs] == paths
    by_path = {i.source_path: i for i in found.inputs}
    feed = by_path["a/feed.jsonl"]
    assert (feed.kind, feed.n_records, feed.size) == ("jsonl", 3, len(JSONL))
    assert feed.sha256 == hashlib.sha256(JSONL).hexdigest()
    assert feed.url == str(raw / "a/feed.jsonl") and feed.mtime > 0
    assert [by_path[p].kind for p in ("LOUD.TXT", "c/old.txt.gz")] == ["txt", "txt.gz"]


def test_discovery_accepts_file_urls(raw: Path) -> None:
    assert discover_inputs(f"file://{raw}") == discover_inputs(str(raw))


def test_read_records_per_kind(raw: Path) -> None:
    found = {i.source_path: i for i in discover_inputs(str(raw)).inputs}
    [story] = read_records(found["b/story.txt"])
    assert isinstance(story, RawRecord) and story.text.startswith(" date 2022-03-23 New Delhi")
    [gz] = read_records(found["c/old.txt.gz"])
    assert (gz.text, gz.source_index, gz.encoding) == ("Gzipped story.", 0, "utf-8")
    lines = list(read_records(found["a/feed.jsonl"]))
    assert [(r.source_index, r.text) for r in lines] == [(0, "one"), (2, "two"), (4, "three")]
    assert lines[0].agency_hint == "PTI" and lines[1].agency_hint is None


@pytest.mark.parametrize(
    ("name", "only", "indices"),
    [
        ("a/feed.jsonl", {2, 4}, [2, 4]),
        ("a/feed.jsonl", {1, 3}, []),  # blank lines are never records
        ("a/feed.jsonl", set(), []),
        ("a/feed.jsonl", None, [0, 2, 4]),
        ("b/story.txt", {0}, [0]),
        ("b/story.txt", {1}, []),  # a .txt is record 0 only; the file is not even opened
    ],
)
def test_only_indices(raw: Path, name: str, only: set[int] | None, indices: list[int]) -> None:
    found = {i.source_path: i for i in discover_inputs(str(raw)).inputs}
    assert [r.source_index for r in read_records(found[name], only_indices=only)] == indices


def test_lines_split_across_chunks(raw: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "CHUNK", 3)  # every line and "\r\n" straddles a boundary
    [feed] = [i for i in discover_inputs(str(raw)).inputs if i.kind == "jsonl"]
    assert feed.n_records == 3
    assert [r.text for r in read_records(feed)] == ["one", "two", "three"]


def memory_raw(files: dict[str, bytes]) -> str:
    root = f"memory://wirecopy-test-{next(_memory_ids)}"
    fs = fsspec.filesystem("memory")
    for name, data in files.items():
        fs.pipe(f"{root}/{name}", data)
    return root


def test_fsspec_url_discovery_and_reading() -> None:
    root = memory_raw({"x/s.txt": b"Remote story.", "f.jsonl": JSONL, "big.txt": b"x" * 200})
    found = discover_inputs(root, Limits(max_file_bytes=150))
    assert [i.source_path for i in found.inputs] == ["f.jsonl", "x/s.txt"]
    assert [(r.source_path, r.reason) for r in found.rejects] == [("big.txt", "too_large")]
    feed, story = found.inputs
    assert feed.url.startswith("memory://") and feed.n_records == 3
    assert [r.text for r in read_records(story)] == ["Remote story."]
    fsspec.filesystem("memory").rm(story.url)
    assert [r.reason for r in read_records(story)] == ["vanished"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.one_of(
            st.binary(max_size=30),
            st.sampled_from([b"", b"  ", b"\r", b'{"text": "ok"}', b'{"text": 1}', b"[1]"]),
            st.builds(lambda t: f'{{"text": {t!r}}}'.replace("'", '"').encode(), st.text()),
        ),
        max_size=12,
    ),
    chunk=st.integers(1, 64),
)
def test_jsonl_every_nonblank_line_exactly_once(lines: list[bytes], chunk: int) -> None:
    """Whatever the bytes, stories + rejects = n_records, one per non-blank line, in order."""
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    root = memory_raw({"f.jsonl": data})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rawio, "CHUNK", chunk)
        patch.setattr(sources, "CHUNK", chunk)
        [feed] = discover_inputs(root).inputs
        items = list(read_records(feed))
    assert len(items) == feed.n_records
    assert [i.source_index for i in items] == sorted({i.source_index for i in items})
    for item in items:
        assert isinstance(item, RawRecord | RejectRecord)
        assert data.split(b"\n")[item.source_index].strip()


def test_shared_corpus_seed_and_indian_wire_read_cleanly() -> None:
    seed = require_corpus("seed")
    wire = require_corpus("indian-wire")
    for folder, expected in ((seed, 1), (wire, 35)):
        found = discover_inputs(str(folder))
        assert not found.rejects and len(found.inputs) == expected  # _index.json is ignored
        records = [r for i in found.inputs for r in read_records(i)]
        assert all(isinstance(r, RawRecord) for r in records)
        assert all(r.text.startswith(" date ") and r.encoding == "utf-8" for r in records)
