"""Which format a file is, how many items it holds, and its items: all from one list, READERS.

`sniff` looks at the first bytes only (content, never the name) for a container some reader
uses: SYN/SOH → wire, `<` → XML, `{` or `[` → JSON, anything else is plain prose for the text
path. The container opens the file into documents; the first reader in READERS that claims a
document reads it, so order matters where claims overlap: an agency variant before the
generic reader it refines, a format told by content (ANPA's header codes) before the
catch-all of its container (IPTC 7901, ninjs). `count_items` and `read_items` share `_units`,
so discovery's count and reading always agree (the accounting invariant): a file that cannot
be opened is one unit, which reads as one reject.

Adding a format is one reader module (a `READER = Reader(...)`) and one line in READERS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from tasks.errors import Reason
from tasks.ingest.formats import (
    anpa,
    digitalwires,
    iptc7901,
    newsml12,
    newsml_g2,
    ninjs,
    nitf,
    ritzau,
)
from tasks.ingest.formats.base import Item, Skip
from tasks.ingest.formats.containers import CONTAINERS, SNIFF_BYTES, Container, without_bom
from tasks.ingest.formats.reader import XML, Document, Reader
from tasks.ingest.formats.text import local

READERS: tuple[Reader, ...] = (
    anpa.READER,  # before iptc7901: both are SOH transmissions, ANPA has format codes
    iptc7901.READER,  # every other control-character transmission
    nitf.READER,
    newsml_g2.READER,
    newsml12.READER,
    ritzau.READER,  # an agency's own XML, beside the IPTC formats
    digitalwires.READER,  # dpa's JSON, told by its "format"; before ninjs
    ninjs.READER,  # every JSON document no reader before it claimed
)

# One unit of a file: its reader and document, or (None, None) for a skip that stands alone.
_Unit = tuple[Reader | None, Document | None, Any]


class Registry:
    """Sniffing and dispatch derived from a list of readers (READERS, or a test's own list)."""

    def __init__(self, readers: Iterable[Reader]) -> None:
        self.readers = tuple(readers)
        _check_reachable(self.readers)
        used = {r.container for r in self.readers}
        self.containers = tuple(c for c in CONTAINERS if c.kind in used)
        self.kinds = tuple(c.kind for c in self.containers)
        self._claimants = {  # per kind, in order: each reader with its roots lower-cased
            kind: [(r, _lower(r.roots)) for r in self.readers if r.container == kind]
            for kind in self.kinds
        }
        # Every registered XML root name as written, in registration order.
        self.roots = tuple(dict.fromkeys(root for r in self.readers for root in r.roots))
        self._known_root = _root_pattern(self.roots)

    def _is_known_root(self, head: bytes) -> bool:
        return self._known_root is not None and bool(self._known_root.match(head))

    def sniff(self, head: bytes, strict: bool = False) -> str | None:
        """The delivery kind of a file from its first bytes, or None for plain prose.

        `strict` is for names that promise prose (`.txt`): there only a control-character
        header, an XML declaration or a registered root, or JSON that opens an object, count
        as a delivery, so a story that happens to start with "<" or "[" keeps the text path.
        """
        head = without_bom(head)
        for container in self.containers:
            if container.opens(head, strict, self._is_known_root):
                return container.kind
        return None

    def reader_for(self, kind: str, document: Document) -> Reader | None:
        """The first registered reader of the kind that claims the document."""
        name = local(document.content) if kind == XML else ""
        for reader, roots in self._claimants.get(kind, ()):
            if roots and name not in roots:
                continue
            if reader.claims is None or reader.claims(document):
                return reader
        return None

    def documents(self, kind: str, data: bytes) -> list[Document] | Skip:
        """The file opened by its container: documents, or one skip if it does not open."""
        return self._container(kind).documents(data)

    def _container(self, kind: str) -> Container:
        return next(c for c in self.containers if c.kind == kind)

    def _units(self, kind: str, data: bytes) -> list[_Unit]:
        """The file's units in document order, each with the reader that converts it."""
        opened = self.documents(kind, data)
        if isinstance(opened, Skip):
            return [(None, None, opened)]
        units: list[_Unit] = []
        for document in opened:
            reader = self.reader_for(kind, document)
            if reader is None:
                units.append((None, None, self._unknown(kind, document)))
            else:
                units.extend((reader, document, unit) for unit in reader.units(document))
        return units

    def _unknown(self, kind: str, document: Document) -> Skip:
        """The reject of a document no reader claims; it names every format that was tried."""
        readers = [r for r in self.readers if r.container == kind]
        known = [root for r in readers for root in r.roots] or [r.name for r in readers]
        what = self._container(kind).describe(document)
        return Skip(Reason.UNKNOWN_FORMAT, f"{what} is none of {', '.join(dict.fromkeys(known))}")

    def count_items(self, kind: str, data: bytes) -> int:
        """How many items the file holds; at least 1 (an unreadable file is one reject)."""
        return max(1, len(self._units(kind, data)))

    def read_items(self, kind: str, data: bytes) -> list[Item]:
        """Every unit of the file as a story or a skip, in document order (index = position)."""
        units = self._units(kind, data)
        if not units:
            return [Skip(Reason.NO_TEXT, "no items in the file")]
        return [unit if r is None or d is None else r.convert(unit, d) for r, d, unit in units]


def _check_reachable(readers: tuple[Reader, ...]) -> None:
    """A reader listed after a catch-all of its container (same roots) would never be asked."""
    for i, later in enumerate(readers):
        for earlier in readers[:i]:
            if earlier.container != later.container or earlier.claims is not None:
                continue
            if not earlier.roots or (later.roots and _lower(later.roots) <= _lower(earlier.roots)):
                raise ValueError(f"reader {later.name!r} is unreachable after {earlier.name!r}")


def _root_pattern(roots: tuple[str, ...]) -> re.Pattern[bytes] | None:
    """A registered root at the start: "<nitf", "<newsMessage xmlns=", "<NewsML Version="."""
    if not roots:
        return None
    names = b"|".join(re.escape(root.encode()) for root in roots)
    return re.compile(rb"<(?:" + names + rb")[\s>/]", re.I)


def _lower(roots: tuple[str, ...]) -> frozenset[str]:
    """XML root names as `local` gives them: matching is case-insensitive."""
    return frozenset(root.lower() for root in roots)


REGISTRY = Registry(READERS)
KINDS = REGISTRY.kinds
sniff = REGISTRY.sniff
count_items = REGISTRY.count_items
read_items = REGISTRY.read_items
__all__ = ["KINDS", "READERS", "SNIFF_BYTES", "Registry", "count_items", "read_items", "sniff"]
