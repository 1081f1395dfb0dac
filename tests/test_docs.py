"""Docs that promise something users rely on stay in step with the code."""

from __future__ import annotations

import re

import pytest

from flows.wire_etl import build_parser
from tasks.errors import Reason
from tests.conftest import ROOT

REJECTS_DOC = (ROOT / "docs" / "rejects.md").read_text()
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("reason", list(Reason), ids=str)
def test_every_reject_reason_is_documented_with_an_example(reason: Reason) -> None:
    row = next(
        (line for line in REJECTS_DOC.splitlines() if line.startswith(f"| `{reason}` |")), ""
    )
    assert row, f"docs/rejects.md has no table row for `{reason}`"
    assert row.count("|") >= 6, f"the row for `{reason}` lacks its example or detail column"


def test_readme_gives_the_two_commands_and_links_docs_that_exist() -> None:
    assert "make run" in README and "make test" in README
    for link in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / link).is_file(), f"README links {link}, which does not exist"


@pytest.mark.parametrize("option", [a.option_strings[-1] for a in build_parser()._actions][1:])
def test_every_cli_option_has_help(option: str) -> None:
    action = next(a for a in build_parser()._actions if option in a.option_strings)
    assert action.help and len(action.help) > 10, f"{option} has no real --help text"
