"""Fixtures shared by the test suite: repository paths, the corpus, a built graph."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GRAPH_DIR = REPO / "graph"
CORPUS = REPO.parent / "shared" / "corpus"
FIRST_ARTICLE = "moon-rocks-china-us.txt"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The development corpus folder (``../shared/corpus``)."""
    if not (CORPUS / FIRST_ARTICLE).is_file():
        pytest.fail(f"corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    """``spacegraph build --corpus`` of the committed graph, into a temporary folder."""
    from spacegraph.build import build

    out = tmp_path_factory.mktemp("build")
    build(GRAPH_DIR, out, corpus)
    return out


@pytest.fixture()
def graph_copy(tmp_path: Path) -> Path:
    """A writable copy of the committed graph folder."""
    dest = tmp_path / "graph"
    shutil.copytree(GRAPH_DIR, dest)
    return dest
