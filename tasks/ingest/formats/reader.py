"""The one shape every delivery-format reader has, so the registry can be a plain list.

A file is opened by its container (control-character wire, XML, JSON: `containers`) into
documents; each document is claimed by the first registered reader that says it is its own,
and that reader splits it into units and turns each unit into a story or a skip. Discovery
counts `units`, reading converts them: the same list both times (the accounting invariant).

Agency variants are thin readers listed before the generic one they refine: the same roots
plus a `claims` test (superdesk-core's io/feed_parsers `can_parse`), reusing its `units`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tasks.ingest.formats.base import Item

# Discovery kinds of delivery files (InputFile.kind): the container their bytes open.
# JSON's kind is "json": it holds ninjs and dpa digitalwires alike (it was "ninjs" while ninjs
# was the only JSON format; the kind is never stored, so nothing reads the old name).
WIRE, XML, JSON = "wire", "xml", "json"


@dataclass(frozen=True)
class Document:
    """One delivery as its container opened it: what readers claim and split into units.

    `content` is one transmission's bytes (wire), the root element (XML) or the decoded
    JSON value (JSON); `encoding` the file's verified encoding ("" for wire, whose readers
    decode each transmission themselves).
    """

    content: Any
    encoding: str = ""


@dataclass(frozen=True)
class Reader:
    """One delivery format: which documents it reads, and how it reads them.

    `roots` are XML root local names as the standard writes them ("newsItem"); they are
    matched case-insensitively, and the registry derives the strict sniff of `.txt` names and
    the unknown-root reject from them. `claims` narrows what the reader takes: for wire, a
    look at the transmission's bytes; for JSON, a look at the decoded document; for XML, a
    look at a root one of its `roots` named (an agency variant). None claims every document
    of the container (with one of its roots, for XML): the generic fallback, listed last.
    """

    name: str  # the `format` column of the stories it reads
    container: str  # WIRE | XML | JSON
    units: Callable[[Document], Sequence[Any]]  # the document's items, in document order
    convert: Callable[[Any, Document], Item]  # one unit → Story or Skip
    roots: tuple[str, ...] = ()
    claims: Callable[[Document], bool] | None = None


def whole(document: Document) -> list[Any]:
    """`units` of a reader whose document is one item (a wire transmission, a NITF file)."""
    return [document.content]
