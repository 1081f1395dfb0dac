"""Label schemes: the product's spaCy/OntoNotes labels and how CoNLL-2003 types map onto them.

Why map instead of training on CoNLL types: the canonical layer and the entity catalog key on
OntoNotes labels (PERSON, ORG, GPE/LOC/FAC as places, NORP, ...), so a trained model must speak
them to be a drop-in replacement for the default pipeline. docs/training.md has the table.
"""

from __future__ import annotations

# Every label the product understands (the OntoNotes 5 set of the default pipeline).
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE"}
)  # fmt: skip
NUMERIC_LABELS = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)  # fmt: skip
PRODUCT_LABELS = NAME_LABELS | NUMERIC_LABELS

CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
# CoNLL type → the product label it becomes when nothing finer is known. LOC is mostly
# countries and cities (GPE); MISC is mostly nationalities and groups ("German", "Muslim").
CONLL_TO_PRODUCT = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": "NORP"}
# Product label → CoNLL type, for scoring a model on CoNLL data (the bench uses the same map).
PRODUCT_TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    **{lab: "MISC" for lab in ("NORP", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "WORK_OF_ART")},
}
# A coarse CoNLL span takes the base model's finer label when the base model predicts exactly
# that span with a label of the same family ("Rhine" LOC, "Wembley" FAC, "World Cup" EVENT).
FINER = {
    "LOC": frozenset({"GPE", "LOC", "FAC"}),
    "MISC": frozenset({"NORP", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "WORK_OF_ART"}),
}

CONLL = "conll"  # scheme of CoNLL/IOB files: PER/ORG/LOC/MISC
PRODUCT = "product"  # scheme of JSONL span files: product labels (CoNLL types accepted too)


def product_label(label: str) -> str | None:
    """The product label for a label outside a CoNLL file; None when unknown.

    Product labels win: "LOC" in a JSONL file is the product's LOC (rivers, regions). A CoNLL
    file's types are mapped with CONLL_TO_PRODUCT instead (its LOC becomes GPE).
    """
    if label in PRODUCT_LABELS:
        return label
    return CONLL_TO_PRODUCT.get(label)


def covered_labels(scheme: str, labels: set[str]) -> frozenset[str]:
    """Product labels a dataset annotates exhaustively: the rest may be learned from the base.

    A CoNLL file marks every name (PER/ORG/LOC/MISC cover all name labels), never numbers or
    dates; a JSONL file is taken to mark exactly the labels it uses.
    """
    if scheme == CONLL:
        return NAME_LABELS
    return frozenset(filter(None, (product_label(lab) for lab in labels)))


def in_scheme(label: str, scheme: str) -> str | None:
    """A predicted product label in a dataset's scheme (for scoring); None: not scored."""
    if scheme == CONLL:
        return PRODUCT_TO_CONLL.get(label)
    return label
