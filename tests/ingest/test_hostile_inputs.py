"""The hostile corpus: every input a wire feed has thrown (or could throw) at the pipeline.

Small inputs are committed under tests/hostile/ (rebuild with tests/hostile/make_fixtures.py);
large ones are generated here in tmp_path (sparse files, streamed gzip) so the suite stays fast.
Each case asserts the exact reject reason; every detail must be a single printable line.
"""

from __future__ import annotations

import gzip
import os
import shutil
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tasks.errors import Reason
from tasks.ingest import discovery, sources
from tasks.ingest.discovery import DiscoveryResult, discover_inputs
from tasks.ingest.rawio import InputFile
from tasks.ingest.records import RawRecord, RejectRecord
from tasks.ingest.sources import read_records
from tasks.settings import Limits, MiB

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
DEFAULT = Limits()


def outcomes(items: list[RawRecord | RejectRecord]) -> list[tuple[int, str]]:
    return [(i.source_index, i.reason if isinstance(i, RejectRecord) else "story") for i in items]


def assert_one_line_details(items: list[RawRecord | RejectRecord]) -> None:
    for item in items:
        if isinstance(item, RejectRecord):
            assert item.detail and item.detail.isprintable(), item.detail


def raw_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, data in files.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(data)
    return raw


def discover_one(raw: Path, limits: Limits = DEFAULT) -> InputFile:
    found = discover_inputs(str(raw), limits)
    assert not found.rejects and not found.deferred
    [only] = found.inputs
    return only


def read_all(input: InputFile, limits: Limits = DEFAULT) -> list[RawRecord | RejectRecord]:
    items = list(read_records(input, limits))
    assert_one_line_details(items)
    return items


# --- committed fixtures: (file, [(source_index, reason | "story")], story encoding) -----------
S = "story"
FIXTURES = [
    pytest.param("empty.txt", [(0, "empty")], None, id="zero bytes"),
    pytest.param("whitespace.txt", [(0, "empty")], None, id="whitespace, CRLF and NBSP only"),
    # &#3; is Reuters' end-of-text code: unescaped it is a control char and must not survive
    pytest.param("entities_only.txt", [(0, "empty")], None, id="entity-only text"),
    pytest.param("png.txt", [(0, "binary")], None, id="PNG header named .txt"),
    pytest.param("random.txt", [(0, "binary")], None, id="random bytes"),
    pytest.param("nul_inside.txt", [(0, S)], "utf-8", id="NUL bytes inside text"),
    pytest.param("utf16_bom.txt", [(0, S)], "utf-16-le", id="UTF-16 with BOM"),
    # no BOM: recognised by a NUL in every other byte (Latin-script text only)
    pytest.param("utf16le_nobom.txt", [(0, S)], "utf-16-le", id="UTF-16-LE without BOM"),
    pytest.param("utf16be_nobom.txt", [(0, S)], "utf-16-be", id="UTF-16-BE without BOM"),
    # a BOM declares UTF-16, the body ends in a lone surrogate: the declaration is a lie
    pytest.param("utf16_bom_broken.txt", [(0, "undecodable")], None, id="UTF-16 BOM, bad body"),
    pytest.param("utf8_bom.txt", [(0, S)], "utf-8-sig", id="UTF-8 with BOM"),
    pytest.param("cp1252.txt", [(0, S)], "cp1252", id="cp1252 curly quotes"),
    pytest.param("latin1.txt", [(0, S)], "latin-1", id="latin-1"),
    pytest.param("mojibake.txt", [(0, S)], "utf-8", id="mojibake Ã© â€™"),
    pytest.param("entities.txt", [(0, S)], "utf-8", id="SGML entities"),
    pytest.param("crlf.txt", [(0, S)], "utf-8", id="CRLF line ends"),
    # Shift-JIS lead bytes 0x81–0x9F: no single-byte reading, and ftfy cannot repair it
    pytest.param("shift_jis.txt", [(0, "undecodable")], None, id="Shift-JIS"),
    pytest.param("story.txt.gz", [(0, S)], "utf-8", id="gzip story"),
    pytest.param("two_members.txt.gz", [(0, S)], "utf-8", id="multi-member gzip"),
    pytest.param("empty.txt.gz", [(0, "empty")], None, id="gzip of nothing"),
    pytest.param("corrupt.txt.gz", [(0, "corrupt_gzip")], None, id="corrupt gzip"),
    pytest.param("truncated.txt.gz", [(0, "corrupt_gzip")], None, id="truncated gzip"),
    # inflates fine but the trailer's CRC is wrong: silent corruption must not pass
    pytest.param("bad_crc.txt.gz", [(0, "corrupt_gzip")], None, id="gzip CRC mismatch"),
    # blank lines 1 and 3 are not records but keep the indices real line numbers
    pytest.param(
        "mixed.jsonl", [(0, S), (2, "malformed_json"), (4, S)], "utf-8", id="jsonl bad line"
    ),
    pytest.param(
        "bad_text_field.jsonl",
        [
            (0, "bad_field"),  # text is a number
            (1, "bad_field"),  # text missing
            (2, "bad_field"),  # text is null
            (3, "malformed_json"),  # an array is not an object
            (4, "malformed_json"),  # a bare string is not an object
            (5, "bad_field"),  # text is a list
        ],
        None,
        id="jsonl text not a string",
    ),
    # bad date / id types are ignored, NUL and a lone surrogate (legal JSON escapes) are cleaned
    pytest.param("hints.jsonl", [(0, S), (1, S), (2, S)], "utf-8", id="jsonl odd hints"),
    pytest.param("bom_crlf.jsonl", [(0, S), (1, S)], "utf-8", id="jsonl BOM + CRLF"),
    # JSON must be UTF-8, but a latin-1 line is read like a latin-1 .txt rather than lost
    pytest.param("latin1_line.jsonl", [(0, S)], "latin-1", id="jsonl latin-1 line"),
    pytest.param("binary_line.jsonl", [(0, S), (1, "binary")], "utf-8", id="jsonl binary line"),
    # agency deliveries: entity declarations are refused before anything expands or fetches
    pytest.param("bomb.xml", [(0, "unsafe_xml")], None, id="XML entity expansion bomb"),
    pytest.param("xxe.nitf", [(0, "unsafe_xml")], None, id="XML external entity"),
    pytest.param("broken.xml", [(0, "malformed_xml")], None, id="NewsML cut in half"),
    pytest.param("rss.xml", [(0, "unknown_format")], None, id="XML of another kind"),
    # one row per item, at its position: the picture between two stories is a reject
    pytest.param(
        "message.xml", [(0, S), (1, "no_text"), (2, S)], "utf-8", id="G2 message, 3 items"
    ),
    pytest.param("anpa_truncated.tst", [(0, S)], "utf-8", id="ANPA without ETX"),
    pytest.param("ninjs_feed", [(0, S), (1, "cancelled")], "utf-8", id="ninjs envelope"),
]


@pytest.mark.parametrize(("name", "expected", "encoding"), FIXTURES)
def test_fixture(tmp_path: Path, name: str, expected: list[tuple[int, str]], encoding: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(HOSTILE / name, raw / name)
    input = discover_one(raw)
    items = read_all(input)
    assert outcomes(items) == expected
    assert len(items) == input.n_records  # every non-blank line exactly once
    for item in items:
        if isinstance(item, RawRecord):
            assert item.encoding == encoding
            assert item.text.strip() and item.raw_sha256 == input.sha256
            assert not any(c < " " and c not in "\n\t" for c in item.text)


# (file, text that must appear after cleaning, text that must not)
CLEANED = [
    ("nul_inside.txt", "town council", "\x00"),
    ("utf16le_nobom.txt", "café owner’s petition", "\x00"),
    ("cp1252.txt", "“approved”", "\x93"),
    ("latin1.txt", "café owner", "Ã"),
    ("mojibake.txt", "The café owner’s petition — approved.", "Ã"),
    ("entities.txt", "<TXN.N> said profit rose $5 & more.\nReuter", "&#"),
    ("crlf.txt", "Tuesday - after", "\r"),
    ("hints.jsonl", "lone", "\x00"),
    ("two_members.txt.gz", "First half, second half.", "\x00"),
]


@pytest.mark.parametrize(("name", "present", "absent"), CLEANED)
def test_fixture_text_is_clean(tmp_path: Path, name: str, present: str, absent: str) -> None:
    raw = raw_with(tmp_path, {name: (HOSTILE / name).read_bytes()})
    text = "\n".join(i.text for i in read_all(discover_one(raw)) if isinstance(i, RawRecord))
    assert present in text and absent not in text


def test_jsonl_hints(tmp_path: Path) -> None:
    raw = raw_with(tmp_path, {"m.jsonl": (HOSTILE / "mixed.jsonl").read_bytes()})
    first, _, second = read_all(discover_one(raw))
    assert (first.id_hint, first.agency_hint, str(first.header_date)) == ("a1", "WCP", "2021-05-04")
    assert (second.id_hint, str(second.header_date)) == ("7", "2021-05-04")  # int id, datetime
    assert "line 3 (index 2)" in _.detail  # the human line number and the source_index


# --- generated: large or environment-dependent inputs --------------------------------------


def test_200mb_file_rejected_by_size_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = raw_with(tmp_path, {})
    with open(raw / "huge.txt", "wb") as f:
        f.truncate(200 * MiB)  # sparse: costs nothing on disk
    monkeypatch.setattr(discovery, "hash_and_count", lambda *a: pytest.fail("must not be read"))
    found = discover_inputs(str(raw))
    assert [(r.reason, r.raw_sha256) for r in found.rejects] == [("too_large", None)]
    assert "209715200 bytes" in found.rejects[0].detail and not found.inputs


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("line.txt", b"x" * (5 * MiB)),  # 5 MB of text with no line break
        ("line.jsonl", b'{"text": "' + b"y" * (5 * MiB) + b'"}\n'),  # one 5 MB JSON line
        ("line.txt.gz", gzip.compress(b"z" * (5 * MiB), 1)),  # small on disk, 5 MB inside
    ],
)
def test_5mb_single_line_is_too_long(tmp_path: Path, name: str, data: bytes) -> None:
    raw = raw_with(tmp_path, {name: data})
    assert outcomes(read_all(discover_one(raw))) == [(0, "too_long")]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("s.txt", b"twelve chars", [(0, "too_long")]),
        ("s.jsonl", b'{"text": "short"}\n{"text": "twelve chars"}\n', [(0, S), (1, "too_long")]),
        # \u escapes: 6 bytes on disk per character, the limit counts characters
        ("e.jsonl", b'{"text": "\\u00e9\\u00e9\\u00e9"}\n', [(0, S)]),
    ],
)
def test_too_long_with_small_limit(tmp_path: Path, name: str, data: bytes, expected: list) -> None:
    limits = Limits(max_story_chars=10)
    raw = raw_with(tmp_path, {name: data})
    assert outcomes(read_all(discover_one(raw, limits), limits)) == expected


@pytest.fixture(scope="session")
def bomb_300mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 MB of zeros, gzip'd to ~300 KB, streamed so it never sits in memory."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.txt.gz"
    packer, zeros = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(MiB)
    with open(path, "wb") as f:
        for _ in range(300):
            f.write(packer.compress(zeros))
        f.write(packer.flush())
    return path


def test_gzip_bomb_default_limit(tmp_path: Path, bomb_300mb: Path) -> None:
    raw = raw_with(tmp_path, {"bomb.txt.gz": bomb_300mb.read_bytes()})
    [reject] = read_all(discover_one(raw))
    assert reject.reason == "decompressed_too_large" and str(256 * MiB) in reject.detail


def test_gzip_bomb_small_limit(tmp_path: Path) -> None:
    limits = Limits(max_decompressed_bytes=MiB)  # 4 MB of zeros against a 1 MB cap
    raw = raw_with(tmp_path, {"b.txt.gz": gzip.compress(bytes(4 * MiB))})
    assert outcomes(read_all(discover_one(raw, limits), limits)) == [(0, "decompressed_too_large")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"[" * 200_000, "malformed_json"),  # RecursionError inside json, not a crash
        (b'{"text": "x", "n": ' + b"9" * 5000 + b"}", "malformed_json"),  # int > 4300 digits
        (b'{"text": "x", "text": 3}', "bad_field"),  # duplicate key: the last one wins
        (b"\x00" * 50, "malformed_json"),  # NULs left by a crash mid-write: valid UTF-8, not JSON
    ],
)
def test_jsonl_pathological_lines(tmp_path: Path, line: bytes, reason: str) -> None:
    raw = raw_with(tmp_path, {"p.jsonl": b'{"text": "fine"}\n' + line + b"\n"})
    assert outcomes(read_all(discover_one(raw))) == [(0, S), (1, reason)]


def test_awkward_file_names(tmp_path: Path) -> None:
    names = ["with space.txt", "ünïcödé — 東京.txt", "new\nline.txt", "UPPER.TXT", "a/b c/d.jsonl"]
    raw = raw_with(
        tmp_path, {n: b'{"text": "ok"}' if n.endswith("jsonl") else b"ok" for n in names}
    )
    found = discover_inputs(str(raw))
    assert [i.source_path for i in found.inputs] == sorted(names)
    for input in found.inputs:
        [record] = read_all(input)
        assert record.source_path == input.source_path and record.text == "ok"


def test_non_utf8_file_name_is_reported_not_guessed(tmp_path: Path) -> None:
    raw = raw_with(tmp_path, {})
    with open(os.path.join(os.fsencode(raw), b"caf\xe9.txt"), "wb") as f:  # a latin-1 name
        f.write(b"ok")
    found = discover_inputs(str(raw))
    assert [(r.source_path, r.reason) for r in found.rejects] == [("caf\\xe9.txt", "unreadable")]


def test_symlinks_are_reported_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("outside the raw folder")
    raw = raw_with(tmp_path, {"real.txt": b"inside", "sub/x.txt": b"sub"})
    (raw / "evil.txt").symlink_to(outside)  # points outside the raw folder
    (raw / "dir_link").symlink_to(tmp_path)  # a directory link: would loop / escape
    (raw / "inner.txt").symlink_to(raw / "real.txt")  # inside, but still not followed
    (raw / "gone.jsonl").symlink_to(tmp_path / "nowhere")  # dangling
    (raw / "notes.md").symlink_to(outside)  # not an input name: ignored like any .md
    found = discover_inputs(str(raw))
    assert [i.source_path for i in found.inputs] == ["real.txt", "sub/x.txt"]
    details = {r.source_path: (r.reason, r.detail) for r in found.rejects}
    assert set(details) == {"evil.txt", "dir_link", "inner.txt", "gone.jsonl"}
    assert all(reason == "symlink" for reason, _ in details.values())
    assert str(outside) in details["evil.txt"][1] and "outside" in details["evil.txt"][1]
    assert "inside" in details["inner.txt"][1] and "dangling" in details["gone.jsonl"][1]


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    raw = raw_with(tmp_path, {})
    os.mkfifo(raw / "pipe.txt")  # opening it for reading would block forever
    found = discover_inputs(str(raw))
    assert [(r.reason, r.source_path) for r in found.rejects] == [("unreadable", "pipe.txt")]


def test_unreadable_at_read_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # simulate an I/O error (as root, permissions cannot produce one)
    input = discover_one(raw_with(tmp_path, {"a.txt": b"story"}))
    monkeypatch.setattr(sources, "open_local", _raise(PermissionError(13, "Permission denied")))
    assert outcomes(read_all(input)) == [(0, "unreadable")]


def _raise(exc: Exception) -> Callable[..., None]:
    def boom(*_: object) -> None:
        raise exc

    return boom


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: p.unlink(), id="deleted"),
        pytest.param(lambda p: p.write_bytes(b'{"text": "rewritten"}\n'), id="rewritten"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes() + b"\n{}\n"), id="appended"),
        pytest.param(lambda p: (p.unlink(), p.symlink_to("/etc/hostname")), id="symlinked"),
    ],
)
def test_changed_between_discovery_and_reading_is_vanished(
    tmp_path: Path, change: Callable[[Path], object]
) -> None:
    raw = raw_with(tmp_path, {"a.jsonl": b'{"text": "one"}\n{"text": "two"}\n'})
    input = discover_one(raw)
    change(raw / "a.jsonl")
    [reject] = read_all(input)
    assert (reject.reason, reject.source_index) == ("vanished", 0)  # one reject for the file


def test_same_size_rewrite_is_vanished(tmp_path: Path) -> None:
    # size and mtime could match after a fast rewrite; only the sha256 tells
    raw = raw_with(tmp_path, {"a.txt": b"version A"})
    input = discover_one(raw)
    (raw / "a.txt").write_bytes(b"version B")
    [reject] = read_all(input)
    assert reject.reason == "vanished" and "changed since discovery" in reject.detail


def test_file_still_being_written_is_deferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = raw_with(tmp_path, {"done.txt": b"finished", "busy.jsonl": b'{"text": "first"}\n'})
    real = discovery.hash_and_count

    def writer_appends_while_hashing(reader: object, kind: str) -> int:
        n = real(reader, kind)
        if kind == "jsonl":  # deterministic stand-in for a writer thread
            with open(raw / "busy.jsonl", "ab") as f:
                f.write(b'{"text": "second"}\n')
        return n

    monkeypatch.setattr(discovery, "hash_and_count", writer_appends_while_hashing)
    found = discover_inputs(str(raw))
    assert found == DiscoveryResult(inputs=found.inputs, rejects=[], deferred=["busy.jsonl"])
    assert [i.source_path for i in found.inputs] == ["done.txt"]
    monkeypatch.undo()  # next run: the writer is done, the file is picked up whole
    assert [i.n_records for i in discover_inputs(str(raw)).inputs] == [2, 1]


def test_raw_files_are_never_modified(tmp_path: Path) -> None:
    raw = raw_with(
        tmp_path, {p.name: p.read_bytes() for p in HOSTILE.iterdir() if p.suffix != ".py"}
    )
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in raw.iterdir()}
    found = discover_inputs(str(raw))
    for input in found.inputs:
        list(read_records(input))
        list(read_records(replace(input, sha256="0" * 64)))  # the vanished path too
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in raw.iterdir()} == before


def test_details_never_hold_raw_control_characters(tmp_path: Path) -> None:
    # the file name carries a newline and an escape; the detail must stay one line
    raw = raw_with(tmp_path, {"x\n\x1b[31m.txt": b"\x89PNG\r\n\x1a\n"})
    [reject] = read_all(discover_one(raw))
    assert reject.reason == Reason.BINARY and "\n" not in reject.detail
