"""Code health checks that the test command runs: ruff (lint, format) and mypy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

#: The folders of Python code: the package, its tests, benchmarks and curation scripts.
_CODE = ("src", "tests", "benchmarks", "curation")


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "ruff", "check", *_CODE],
        [sys.executable, "-m", "ruff", "format", "--check", *_CODE],
        [sys.executable, "-m", "mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_code_health(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
