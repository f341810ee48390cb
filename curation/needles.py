"""Write ``src/spacegraph/data/needles.json``: the literal strings each extractor pattern needs.

Usage (from the repository root)::

    python curation/needles.py            # write the table
    python curation/needles.py --check    # exit 1 if it is missing or out of date

:mod:`spacegraph.prefilter` skips a pattern over a text that holds none of
the strings every match contains. Working them out from the patterns' syntax
trees took a fifth of ``spacegraph ingest``'s start-up, so the table keeps
them, keyed by each pattern's flags and text, with the Python version that
worked them out. Run this again after changing a pattern;
``tests/test_prefilter.py`` fails until then (the changed pattern is meanwhile
read at start-up, so nothing goes wrong, it is only slower).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

#: The modules that make the extractor's patterns when they load.
MODULES = ("spacegraph.extract", "spacegraph.relations", "spacegraph.mentions")


def table() -> dict[str, list[str] | None]:
    """Every prefiltered pattern's key and strings, worked out from its syntax tree."""
    import importlib

    from spacegraph import prefilter

    for name in MODULES:
        importlib.import_module(name)
    out: dict[str, list[str] | None] = {}
    for compiled in prefilter.COMPILED:
        found = prefilter.needles(compiled.pattern)
        out[prefilter.table_key(compiled.pattern)] = list(found) if found is not None else None
    return dict(sorted(out.items()))


def main(argv: list[str]) -> int:
    from spacegraph.atomic import atomic_write
    from spacegraph.prefilter import TABLE_FILE

    path = REPO / "src" / "spacegraph" / "data" / TABLE_FILE
    needles = table()
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    text = json.dumps({"python": version, "needles": needles}, indent=1, ensure_ascii=False)
    text += "\n"
    if "--check" in argv:
        if path.is_file():
            written = path.read_text(encoding="utf-8")
            if written == text:
                return 0
            # Another Python may read a syntax tree differently (its strings are as sound):
            # there, the table need only hold every pattern.
            kept = json.loads(written)
            if kept.get("python") != version and kept.get("needles", {}).keys() == needles.keys():
                return 0
        print(f"{path} is missing or out of date: run python curation/needles.py")
        return 1
    atomic_write(path, text)
    print(f"{path}: {len(needles)} patterns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
