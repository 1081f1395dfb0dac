"""Train stage: annotated stories (CoNLL/IOB or JSONL spans) → a spaCy NER model directory.

Takes annotation files, gives a packaged pipeline whose `meta.json` version is derived from the
data and config hashes, so the ETL (`--model DIR`) stamps a new `model_version` on every row.
Pure logic, no Prefect: `flows/train_ner.py` wraps each step as a task.
"""
