"""Which version of a story a delivery is, from the markers agencies put on re-sends.

A cluster's primary is its latest version; the rank computed here orders the versions of one
story (higher = later). `None` means the delivery carries no version information at all, so
the cluster falls back to "first delivery wins". Sources, strongest first: a numeric version
from the delivery format (NewsML-G2 / ninjs `version`), then slug-line take keys (AP
`1stLd-Writethru`, `2ndLd`, `Bjt`), then headline prefixes (Reuters `UPDATE 2-`, `REFILE-`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tasks.dedup import patterns as P


@dataclass(frozen=True)
class VersionInfo:
    rank: int | None  # higher = later version of the same story; None = no marker at all
    marker: str | None  # the marker as found ("UPDATE 2", "1stLd-Writethru", "v3")
    headline_key: str | None  # headline without version prefixes, lower-cased words
    slug_key: str | None  # slug line without its take key ("BC-US--Earthquake")


def numeric_version(value: Any) -> int | None:
    """A format's version number ("3", 3) as an int; anything else is no version."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        return None
    return n if 0 < n < 100_000 else None


def headline_version(headline: str | None) -> tuple[int | None, str | None, str]:
    """(rank, marker, base headline) from stacked Reuters prefixes ("REFILE-UPDATE 1-...")."""
    text = headline or ""
    rank: int | None = None
    tags: list[str] = []
    while m := P.REUTERS_PREFIX.match(text):
        tag, n = m["tag"].upper(), m["n"]
        tags.append(f"{tag} {n}" if n else tag)
        if tag in P.NUMBERED_TAGS:
            rank = (rank or 0) + int(n or 1) * P.RANK_STEP
        elif tag in P.RESEND_TAGS:
            rank = (rank or 0) + 1
        text = text[m.end() :]
    return rank, ("-".join(tags) or None), text.strip()


def slug_version(slug: str | None) -> tuple[int | None, str | None]:
    """(rank, marker) from an AP take key or a Reuters "(UPDATE 2)" after a keyword slug."""
    if not slug:
        return None, None
    if m := P.AP_LEAD.search(slug):
        rank = int(m["n"]) * P.RANK_STEP
        marker = m.group(0)
    elif m := P.AP_WRITETHRU.search(slug):
        rank = int(m["n"] or 1) * P.RANK_STEP
        marker = m.group(0)
    elif m := P.PAREN_VERSION.search(slug):
        tag = m["tag"].upper()
        rank = int(m["n"] or 1) * P.RANK_STEP if tag in P.NUMBERED_TAGS else 1
        marker = m.group(0).strip("()")
    elif m := P.AP_BJT.search(slug):
        return 0, "Bjt"  # the first take: every later lead outranks it
    else:
        rank, marker = None, None
    if P.AP_CORRECTION.search(slug):
        rank, marker = (rank or 0) + 1, f"{marker}+Correction" if marker else "Correction"
    return rank, marker


def slug_key(slug: str | None) -> str | None:
    if not slug:
        return None
    key = P.SLUG_VERSION_TAIL.sub("", slug.strip()).strip(" ,-")
    return key or None


def headline_key(base_headline: str) -> str | None:
    """Lower-cased words of the headline; None when too short to identify a story."""
    words = P.WORD.findall(base_headline.casefold())
    return " ".join(words) if len(words) >= 3 else None


def find_slug(story: Any) -> str | None:
    """The slug line: the formats field (issue 12) when present, else a `BC-` first line."""
    slug = getattr(story, "slugline", None) or getattr(story, "slug", None)
    if slug:
        return str(slug)
    head = getattr(story, "headline", None) or ""
    m = P.SLUG_LINE.match(head)
    return m["slug"].strip() if m else None


def version_of(story: Any) -> VersionInfo:
    """Version rank, marker and matching keys of a parsed story (fields read defensively)."""
    rank_h, marker_h, base = headline_version(getattr(story, "headline", None))
    slug = find_slug(story)
    rank_s, marker_s = slug_version(slug)
    number = numeric_version(getattr(story, "version", None))
    if number is not None:
        rank, marker = (number - 1) * P.RANK_STEP, f"v{number}"
    elif rank_s is not None:
        rank, marker = rank_s, marker_s
    else:
        rank, marker = rank_h, marker_h
    return VersionInfo(rank, marker, headline_key(base), slug_key(slug))
