"""Score the offline extractor against every ``*.gold.json`` in a folder.

Usage (from the repository root)::

    python benchmarks/score_extractor.py [../shared/corpus]

Prints a Markdown table: entity precision, recall and F1 (with type),
relation-pair precision, recall and F1, and fact recall, per article and
overall (micro-averaged). See :mod:`spacegraph.scoring` for the definitions.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spacegraph.errors import SpacegraphError
from spacegraph.scoring import format_table, score_folder

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main(argv: list[str]) -> int:
    """Score the folder named on the command line (default ../shared/corpus)."""
    folder = Path(argv[0]) if argv else DEFAULT
    try:
        scores = score_folder(folder)
    except SpacegraphError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if not scores:
        print(f"Error: {folder}: no *.gold.json files", file=sys.stderr)
        return 1
    print("\n".join(format_table(scores)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
