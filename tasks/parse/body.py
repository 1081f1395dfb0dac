"""A story's body as paragraphs, and the wire trailers cut from its end.

Shared by the text path (story.py) and the delivered path (delivered.py): both end the same
way, so there is one definition of each step, below both.
"""

from __future__ import annotations

from tasks.parse import patterns as P

# Trailers live in the last few characters; searching only there keeps the cost flat.
TRAILER_WINDOW = 200


def strip_trailers(body: str) -> tuple[str, str | None]:
    """Remove wire trailers ("(ANI)", "Reuter", "-- IANS", "PTI ABC XYZ") from the end."""
    credit: str | None = None
    while m := P.TRAILER_RE.search(body, max(0, len(body) - TRAILER_WINDOW)):
        found = next((g for g in m.groups() if g), None)
        credit = credit or found
        body = body[: m.start()].rstrip()
    return body, credit


def split_paragraphs(body: str) -> list[str]:
    """Blank lines and indented lines start paragraphs; other wrapped lines are joined."""
    paragraphs: list[str] = []
    for block in P.BLANK_LINE_RE.split(body):
        current: list[str] = []
        for line in block.split("\n"):
            if not line.strip():
                continue
            if current and line[:1] in " \t":
                paragraphs.append(" ".join(" ".join(current).split()))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(" ".join(current).split()))
    return [p for p in paragraphs if p]
