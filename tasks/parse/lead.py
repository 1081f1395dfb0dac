"""What stands before a story's text: editors' notes, a By line, item metadata, service lines.

Agencies put furniture between the headline and the dateline, and it must reach neither the
body nor the dateline parser (which would take a keyword for a city):
- correction, refile and repeat notes (Reuters "(Corrects paragraph 7 ...)", dpa
  "(Berichtigung: ...)") → the editor's note, and the kind → `version`;
- a "By NAME" line → the byline;
- a style sheet leaked as text (".someclass {text-align: center}") → dropped;
- item metadata printed into the body: subject, keyword and genre names, time stamps and desk
  markers ("Politik / Deutschland / Bundestag / 12.03.2019 09:15 / Zusammenfassung", or a line
  each), the headline repeated → dropped;
- a service line and other short lines before a dateline ("Sports Xchange", the headline,
  then "CITY -- ...") → dropped; the first such line is the headline when none was given.
Only the head of the text is examined (MAX_BLOCKS paragraphs), so a long story costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tasks.parse import lead_patterns as L
from tasks.parse import patterns as P
from tasks.parse.dateline import Dateline, parse_dateline
from tasks.places.agencies import agency_code

MAX_BLOCKS = 10  # paragraphs examined before the story proper
MAX_SHORT_WORDS = 15  # a line before the dateline longer than this is story text
MAX_META_WORDS = 4  # one item of a metadata line ("Nordrhein-Westfalen", "Zusammenfassung")

# An editor's note's kind (its first word, folded) → what `version` says.
NOTE_KINDS = {
    "correct": "correction", "corrects": "correction", "corrected": "correction",
    "correction": "correction", "corrige": "correction", "corrigé": "correction",
    "corregido": "correction", "corrección": "correction", "berichtigung": "correction",
    "berichtigt": "correction", "korrektur": "correction", "korrigiert": "correction",
    "refile": "refile", "refiles": "refile", "refiled": "refile",
    "repeat": "repeat", "repeats": "repeat", "repeated": "repeat",
}  # fmt: skip


@dataclass(frozen=True)
class Lead:
    text: str  # the text from the first paragraph of the story proper (its dateline) on
    notes: tuple[str, ...] = ()  # editors' notes as written, without their brackets
    version: str | None = None  # "correction", "refile", "repeat", "update" (the notes' kind)
    byline: str | None = None  # a By line's names as written ("Jeff Mason and Steve Holland")
    headline: str | None = None  # a headline found before the dateline (none was given)


def split_lead(
    text: str, headline: str | None = None, reference: date | None = None, known: tuple = ()
) -> Lead:
    """The furniture at the head of `text` taken apart from the story proper."""
    blocks = P.BLANK_LINE_RE.split(text.strip(), maxsplit=MAX_BLOCKS)
    blocks[0] = _without_css(blocks[0])
    names = {_key(n) for n in (*known, headline) if n}
    notes: list[str] = []
    kinds: list[str] = []
    byline: str | None = None
    i = 0
    while i < min(len(blocks) - 1, MAX_BLOCKS):
        block = blocks[i]
        if not block.strip() or is_css(block) or is_metadata(block, names):
            i += 1
        elif (note := L.EDITORS_NOTE_RE.match(block)) and note.end() >= len(block.rstrip()):
            notes.append(" ".join(note["note"].split()))
            kinds.append(note["kind"].casefold())
            i += 1
        elif byline is None and (by := L.BYLINE_WORD_LINE_RE.match(block + "\n")):
            if by.end() < len(block) + 1 or len(by["name"].split()) > 12:
                break
            byline, i = " ".join(by["name"].split()), i + 1
        else:
            break
    found_headline, i = _preamble(blocks, i, names, reference)
    version = next((NOTE_KINDS[k] for k in kinds if k in NOTE_KINDS), None)
    if version is None and kinds:
        version = "update"
    rest = "\n\n".join(blocks[i:])
    return Lead(rest, tuple(notes), version, byline, found_headline if not headline else None)


def _preamble(
    blocks: list[str], start: int, names: set[str], reference: date | None
) -> tuple[str | None, int]:
    """Short lines before a dateline a few paragraphs down: (a headline among them, where the
    story starts). No dateline below, or a long line first: nothing is dropped."""
    if parse_dateline(blocks[start] + "\n\nx", reference) is not None:
        return None, start  # any dateline, "NO CITY, NO DATE (FBIS) --" and "(Reuters) -" too
    for k in range(start + 1, min(len(blocks), start + MAX_BLOCKS)):
        if len(blocks[k - 1].split()) > MAX_SHORT_WORDS:
            return None, start
        found = _dateline_at(blocks[k], reference)
        # a short line ending a sentence is furniture only above a dateline with a credit:
        # "Lebanon PM Resigns, Says Will Not Head New Govt." over "BEIRUT (Reuters) - "
        if not _is_short_line(blocks[k - 1]) and not (found and found.credit):
            return None, start
        if found is not None:
            lines = [b for b in blocks[start:k] if not is_metadata(b, names)]
            titles = [b for b in lines if not agency_code(b) and len(b.split()) >= 3]
            return (" ".join(titles[0].split()) if titles else None), k
    return None, start


def _dateline_at(block: str, reference: date | None) -> Dateline | None:
    found = parse_dateline(block + "\n\nx", reference)
    return found if found is not None and found.city and found.byline is None else None


def _is_short_line(block: str) -> bool:
    words = block.split()
    return 0 < len(words) <= MAX_SHORT_WORDS and not block.rstrip().endswith((".", ":", ";"))


def is_metadata(block: str, names: set[str]) -> bool:
    """Item metadata printed into the body: a time stamp, a " / " list of short names, the
    headline or a delivered subject repeated, or lines of such things."""
    lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
    if not lines:
        return True
    if len(lines) > 1:
        return all(_meta_line(ln, names) or _is_name(ln) for ln in lines) and any(
            _meta_line(ln, names) for ln in lines
        )
    return _meta_line(lines[0], names)


def _meta_line(line: str, names: set[str]) -> bool:
    if L.TIMESTAMP_LINE_RE.match(line) and any(c.isdigit() for c in line):
        return True
    if _key(line) in names:
        return True
    items = [i for i in L.METADATA_SPLIT_RE.split(line) if i.strip()]
    if len(items) >= 2 and all(_is_name(i) or L.TIMESTAMP_LINE_RE.match(i) for i in items):
        return len(items) >= 3 or any(L.TIMESTAMP_IN_RE.search(i) for i in items)
    words = line.split()
    return (
        len(words) <= MAX_SHORT_WORDS
        and bool(L.TIMESTAMP_IN_RE.search(line))
        and not L.SENTENCE_END_RE.search(line)
    )


def _is_name(item: str) -> bool:
    """A subject, keyword or genre name: a few words, no sentence punctuation."""
    words = item.split()
    return 0 < len(words) <= MAX_META_WORDS and not L.SENTENCE_END_RE.search(item)


def is_css(block: str) -> bool:
    return bool(L.CSS_RULES_RE.match(block)) and bool(L.CSS_DECLARATION_RE.search(block))


def _without_css(block: str) -> str:
    """A first paragraph that opens with a style sheet, without it."""
    if "{" not in block[:200]:
        return block
    m = L.CSS_PREFIX_RE.match(block)
    if m is None or not L.CSS_DECLARATION_RE.search(m.group(0)):
        return block
    return block[m.end() :].lstrip()


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
