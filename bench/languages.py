"""Languages on the shared agency samples: detection accuracy and speed, entities by model.

Prints numbers, it is not a test. Runs the whole engine (in this process, NER on with the
default registry: English and French) over each set, then reads the Parquet back:

  language   stories whose `language` is the one we expect, by reading each file (EXPECTED
             below): tuned-on = the set the detector's thresholds were tuned on
             (wire-formats), held-out = sets not looked at while tuning (wire-formats-dpa;
             AG News and MUC-3 English, and self-written stories in six languages)
  speed      the detector alone (tasks.parse.language.story_language, its memo cleared),
             per story and on short texts (AG News title + description)
  entities   rows per story language and per model; targets: 0 rows from the English model
             on stories in another language, French stories read by the French model

    .venv/bin/python bench/languages.py [--agnews N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.parse import language as L  # noqa: E402
from tests.etl_helpers import run_in_process  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
# file[#item] → the language its text is in, by reading it. A file without "#" holds one story.
EXPECTED = {
    "wire-formats": {
        **dict.fromkeys(
            [
                "IPTC7901.txt",
                "aap-finance1.xml",
                "aap-sports.xml",
                "aap.xml",
                "afp.xml",
                "anpa-1.tst",
                "anpa-3.tst",
                "anpa-4.tst",
                "ap-nitf.xml",
                "ap_anpa-5.tst",
                "dpa_two_line.txt",
                "ninjsExMediumText1.json",
                "ninjsExSimpleText1.json",
                "nitf-fishing.xml",
                "pa1.xml",
                "tag_reuters.com_2014_newsml_KBN0FL0NN_version_5",
                "tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2",
            ],
            "en",
        ),
        # agate: standings and box scores, English furniture around names and figures
        "ap_anpa-2.tst": "en",
        "ap_anpa-6.tst": "en",
        "ap_media_text_nitf.xml": "en",
        "tag_reuters.com,0000_newsml_ISS149709_1618095828": "en",  # declared en, Turkish teams
        "tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2": "en",
        "pa2.xml": "en",  # a line-up: "International Match Mexico v Panama", then names
        "bbc-ninjs-comp-test.json": "en",  # "abcd", declared en: too short to say otherwise
        "ninjs1.json": "fr",  # "The story so far.", declared fr: too short to overrule it
        "ansa_culture.xml": "it",  # "TEST FROM XAWES (ANSA)", declared it: a test line
        "ninjs4.json": "de",
        "ritzau_feed.xml#0": "en",  # a press release in English "Via Ritzau", declared da
        "ritzau_feed.xml#1": "da",
        "ritzau_news.xml": "da",
        "ritzau_news_test_ednote.xml": "da",
        # STT's machine translations keep the English version (declared fi-FI)
        "stt_newsml_test.xml": "en",
        "stt_newsml_test_no_hl.xml": "en",
        **dict.fromkeys(
            [
                "stt1.xml",
                "stt_archive_newsml_created_date_test.xml",
                "stt_archive_newsml_test.xml",
                "stt_newsml_abstract_test.xml",
                "stt_newsml_location_test.xml",
                "stt_newsml_subject_test.xml",
            ],
            "fi",
        ),
    },
    # every dpa item here is German (no_content.json's caption is Spanish, but it is no story)
    "wire-formats-dpa": {"*": "de", "no_content.json": "es"},
}
TUNED = {"wire-formats"}
# Self-written stories (held out: written after the thresholds were set), as agencies write.
OWN = {
    "fr": "PARIS (AFP) - Le président Emmanuel Macron a reçu mardi à l'Élysée le chancelier "
    "allemand Olaf Scholz. « Nous devons rester unis », a déclaré Emmanuel Macron. Les deux "
    "dirigeants se retrouveront à Lisbonne puis à Genève le mois prochain.",
    "de": "Berlin (dpa) - Bundeskanzler Olaf Scholz hat am Dienstag den französischen "
    "Präsidenten Emmanuel Macron empfangen. „Wir stehen zusammen“, sagte Scholz. Die beiden "
    "wollen im Juni in Wien erneut zusammenkommen.",
    "es": "MADRID (EFE) - El presidente del Gobierno, Pedro Sánchez, se reunió este martes en "
    "Lisboa con el primer ministro portugués para hablar de la crisis energética en Europa.",
    "it": "ROMA (ANSA) - Il presidente del Consiglio ha incontrato oggi a Palazzo Chigi i "
    "sindacati per discutere della riforma delle pensioni e del nuovo contratto.",
    "fi": "HELSINKI (STT) - Hallitus esitti tiistaina lakimuutoksen, jonka mukaan kuntien on "
    "järjestettävä varhaiskasvatus kaikille lapsille ensi vuoden alusta alkaen.",
    "sv": "STOCKHOLM (TT) - Regeringen vill satsa mer pengar på att utbilda sjuksköterskor, "
    "säger sjukvårdsministern i ett pressmeddelande på tisdagen.",
}


def expected_of(set_name: str, path: str, index: int) -> str | None:
    table = EXPECTED.get(set_name, {})
    return table.get(f"{path}#{index}") or table.get(path) or table.get("*")


def run_set(raw: Path, out: Path) -> tuple[list[dict], list[dict]]:
    run_in_process(raw, out)
    if not (out / "stories").exists():
        return [], []
    cols = ["story_id", "source_path", "source_index", "language", "model_version", "headline"]
    stories = ds.dataset(out / "stories", format="parquet").to_table(columns=[*cols, "body"])
    ents = []
    if (out / "entities").exists():
        ents = (
            ds.dataset(out / "entities", format="parquet")
            .to_table(columns=["story_id", "entity", "label", "model_version"])
            .to_pylist()
        )
    return stories.to_pylist(), ents


def score(name: str, rows: list[dict], expect) -> tuple[int, int]:
    right, wrong = 0, []
    for r in rows:
        want = expect(r)
        if want is None:
            continue
        if r["language"] == want:
            right += 1
        else:
            wrong.append(f"{r['source_path']}#{r['source_index']}: {r['language']} (want {want})")
    total = right + len(wrong)
    pct = 100 * right / total if total else float("nan")
    print(f"  language {name}: {right}/{total} = {pct:.1f}%" + "".join(f"\n    {w}" for w in wrong))
    return right, total


def entity_report(stories: list[dict], ents: list[dict]) -> None:
    lang = {s["story_id"]: s["language"] for s in stories}
    by: Counter[tuple[str, str]] = Counter((lang[e["story_id"]], e["model_version"]) for e in ents)
    for (language, model), n in sorted(by.items()):
        print(f"    entities {language:>3} / {model}: {n}")
    english_elsewhere = sum(
        n for (language, model), n in by.items() if language != "en" and model.startswith("en")
    )
    print(f"  English-model entities on non-English stories: {english_elsewhere} (target 0)")
    per_story = Counter(s["language"] for s in stories)
    models = {(s["language"], s["model_version"]) for s in stories}
    print(f"  stories per language: {dict(sorted(per_story.items()))}")
    print(f"  (language, model): {sorted(models, key=str)}")


def agnews_texts(limit: int) -> list[str]:
    path = CORPUS / "agnews" / "test.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [f"{row[1]}\n{row[2]}" for row, _ in zip(csv.reader(fh), range(limit), strict=False)]


def detector_speed(texts: list[tuple[str | None, str, str | None]], label: str) -> None:
    best = float("inf")
    for _ in range(3):
        L._detect.cache_clear()
        t0 = time.perf_counter()
        for headline, body, declared in texts:
            L.story_language(headline, body, declared)
        best = min(best, time.perf_counter() - t0)
    per = 1000 * best / max(1, len(texts))
    print(
        f"  detector on {label}: {len(texts)} texts, {per:.3f} ms each ({len(texts) / best:,.0f}/s)"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--agnews", type=int, default=2000, help="AG News items for held-out English")
    args = ap.parse_args()
    tuned, held = [0, 0], [0, 0]
    all_texts = []
    with tempfile.TemporaryDirectory() as tmp:
        for set_name in EXPECTED:
            raw = CORPUS / set_name
            if not raw.exists():
                print(f"{set_name}: not found under {CORPUS}, skipped")
                continue
            print(f"{set_name} ({'tuned-on' if set_name in TUNED else 'held-out'}):")
            stories, ents = run_set(raw, Path(tmp) / set_name)
            r, t = score(
                set_name,
                stories,
                lambda s, n=set_name: expected_of(n, s["source_path"], s["source_index"]),
            )
            acc = tuned if set_name in TUNED else held
            acc[0], acc[1] = acc[0] + r, acc[1] + t
            entity_report(stories, ents)
            all_texts += [(s["headline"], s["body"], None) for s in stories]
        own = Path(tmp) / "own"
        own.mkdir()
        for lang, text in OWN.items():
            (own / f"{lang}.txt").write_text(text, encoding="utf-8")
        print("self-written (held-out):")
        stories, ents = run_set(own, Path(tmp) / "own-out")
        r, t = score("self-written", stories, lambda s: s["source_path"].removesuffix(".txt"))
        held[0], held[1] = held[0] + r, held[1] + t
        entity_report(stories, ents)
        fr = [e for e in ents if e["model_version"].startswith("fr_")]
        print(
            f"  French entities on the French story: {len(fr)} {sorted({e['entity'] for e in fr})}"
        )
    news = agnews_texts(args.agnews)
    if news:
        right = sum(L.story_language(None, t, None) == "en" for t in news)
        pct = 100 * right / len(news)
        print(f"AG News (held-out English, short): {right}/{len(news)} = {pct:.1f}%")
        held[0], held[1] = held[0] + right, held[1] + len(news)
    for name, (r, t) in (("tuned-on", tuned), ("held-out", held)):
        print(f"LANGUAGE ACCURACY {name}: {r}/{t} = {100 * r / max(1, t):.1f}% (target >= 98%)")
    print("speed (the detector alone, memo cleared; 2 shared cores: indicative):")
    detector_speed(all_texts, "agency stories")
    detector_speed([(None, t, None) for t in news], "AG News title + description")
    return 0


if __name__ == "__main__":
    sys.exit(main())
