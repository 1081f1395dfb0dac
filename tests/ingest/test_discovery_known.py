"""A discovery that trusts an earlier one (`discover_inputs(..., known=...)`).

A file whose location, size and modification time are unchanged keeps the earlier
discovery's record (the same object: nothing was read), anything else is read again.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from pathlib import Path

import fsspec
import pytest

from tasks.ingest.discovery import discover_inputs

STORY = b" date 2022-03-23 New Delhi [India], March 23 (ANI): The first story."
OTHER = b" date 2022-03-24 Mumbai [India], March 24 (ANI): The second story."
_memory_ids = itertools.count()


def _by_path(found) -> dict:
    return {f.source_path: f for f in found.inputs}


def _rewrite(path: Path) -> None:
    path.write_bytes(OTHER)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later write, visibly


@pytest.mark.parametrize(
    "change, reread",
    [
        (lambda p: None, False),  # untouched: the first record stands, the file is not read
        (_rewrite, True),  # new bytes, new mtime: read again, new hash
        # same bytes, new mtime (touched, or copied over with the same text): read again
        (lambda p: os.utime(p, ns=(0, p.stat().st_mtime_ns + 10**9)), True),
    ],
)
def test_a_file_is_read_again_only_if_it_changed(tmp_path: Path, change, reread: bool) -> None:
    story = tmp_path / "a.txt"
    story.write_bytes(STORY)
    (tmp_path / "b.txt").write_bytes(OTHER)
    first = discover_inputs(str(tmp_path))
    change(story)
    second = discover_inputs(str(tmp_path), known=first)
    before, after = _by_path(first)["a.txt"], _by_path(second)["a.txt"]
    assert (after is before) is not reread
    assert after.sha256 == hashlib.sha256(story.read_bytes()).hexdigest()
    assert _by_path(second)["b.txt"] is _by_path(first)["b.txt"]


def test_files_added_or_removed_since_are_seen(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(STORY)
    (tmp_path / "b.txt").write_bytes(OTHER)
    first = discover_inputs(str(tmp_path))
    (tmp_path / "b.txt").unlink()
    (tmp_path / "c.txt").write_bytes(OTHER)
    second = discover_inputs(str(tmp_path), known=first)
    assert sorted(_by_path(second)) == ["a.txt", "c.txt"]
    assert _by_path(second)["c.txt"].sha256 == hashlib.sha256(OTHER).hexdigest()


def test_a_remote_folder_is_read_again_only_where_it_changed() -> None:
    root = f"memory://wirecopy-known-{next(_memory_ids)}"
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{root}/a.txt", STORY)
    fs.pipe(f"{root}/b.txt", STORY)
    first = discover_inputs(root)
    fs.rm(f"{root}/b.txt")
    fs.pipe(f"{root}/b.txt", OTHER + b" Updated.")  # replaced: another size and time
    second = discover_inputs(root, known=first)
    assert _by_path(second)["a.txt"] is _by_path(first)["a.txt"]
    assert _by_path(second)["b.txt"].sha256 == hashlib.sha256(OTHER + b" Updated.").hexdigest()
