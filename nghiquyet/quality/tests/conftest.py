"""Fixtures of the quality tests: the meeting and resolution fixtures, imported the way the resolutions
tests import the meeting ones, and the labelled corpus."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from nghiquyet.meetings.tests.conftest import committee, meeting  # noqa: F401  (fixtures)
from nghiquyet.resolutions.tests.conftest import adopted_meeting, day_after_meeting, draft  # noqa: F401  (fixtures)

CORPUS = Path(__file__).parent / "corpus"


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def labelled_pairs() -> list[dict]:
    return json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))["pairs"]


@pytest.fixture(autouse=True)
def english():
    """Findings and reasons asserted in English, whatever the default interface language (vi)."""
    with translation.override("en"):
        yield
