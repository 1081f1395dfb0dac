"""Entity labels of pipelines that speak another scheme, mapped to ours (OntoNotes).

Why: the canonical layer, the catalog's votes and the `entities` rows key on OntoNotes labels
(PERSON, ORG, GPE/LOC/FAC, NORP, ...), the English pipeline's. spaCy's pipelines for most other
languages (fr_core_news_sm, de_core_news_sm, ...) were trained on WikiNER's four types instead:

- PER → PERSON; ORG → ORG;
- LOC → GPE when the gazetteer (tasks.places) knows the name as a country, a state or province,
  or a city ("Lisbonne", "Bretagne"), else LOC ("Méditerranée", "Alpes");
- MISC → MISC, kept (events, works, nationalities: WikiNER does not tell them apart).

A pipeline that already predicts our labels (the English one, a model trained with
`flows.train_ner`, which maps CoNLL types itself) passes through unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from tasks import places
from tasks.enrich.canonical import Span

WIKINER = frozenset({"PER", "ORG", "LOC", "MISC"})
_DIRECT = {"PER": "PERSON", "ORG": "ORG", "MISC": "MISC"}
_SETTLED = frozenset({"country", "admin", "city"})  # kinds of place that are GPEs


def speaks_wikiner(labels: frozenset[str]) -> bool:
    """Whether a pipeline's labels are WikiNER's (PER, not PERSON)."""
    return "PER" in labels and "PERSON" not in labels


def to_ours(text: str, spans: Sequence[Span]) -> list[Span]:
    """WikiNER spans of `text` with our labels (the table above)."""
    out: list[Span] = []
    for start, end, label in spans:
        if label == "LOC":
            named = places.places_named(" ".join(text[start:end].split()))
            label = "GPE" if named and named[0].kind in _SETTLED else "LOC"
        else:
            label = _DIRECT.get(label, label)
        out.append((start, end, label))
    return out
