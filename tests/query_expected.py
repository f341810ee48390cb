"""Expected answers of every named query over the first article's graph (built with --corpus).

Each entry: the parameters, the columns compared, and the exact rows of those
columns (IRIs as full strings, literals by their lexical form, "" when
unbound), in the order the query returns them. Checked by hand against
``curation/moon_rocks_china_us.py`` and the article.
"""

from __future__ import annotations

from typing import Any

from spacegraph.text import read_document

from .conftest import CORPUS

SGR = "https://w3id.org/spacegraph/id/"
SG = "https://w3id.org/spacegraph/ontology#"
DOC = "moon-rocks-china-us.txt"
#: The first article's text: quotes are expected as the text at their spans, never stored here.
_FIRST_ARTICLE = read_document(CORPUS / DOC).text if (CORPUS / DOC).is_file() else ""

_INST = ["France", "Germany", "Japan", "Pakistan", "United Kingdom"]

EXPECTED: dict[str, dict[str, Any]] = {
    "cooperation": {
        "params": {},
        "columns": ["actorLabel", "relation", "partnerLabel", "domain", "documents"],
        "rows": [
            ("China", "cooperatesWith", "United States", d, "1")
            for d in [
                "culture",
                "economy",
                "education",
                "science",
                "security",
                "technology",
                "trade",
            ]
        ]
        + [
            ("China", "jointMissionWith", "Europe", "", "1"),
            ("China", "jointMissionWith", "Russia", "", "1"),
        ]
        + [("China National Space Administration", "cooperatesWith", n, "", "1") for n in _INST],
    },
    "cooperation-in-domain": {
        "params": {"domain": "Science"},
        "columns": ["actorLabel", "partnerLabel", "cooperationLabel", "documents", "domain"],
        "rows": [("China", "United States", "China–US cooperation", "1", SG + "Science")],
    },
    "missions": {
        "params": {"actor": "China"},
        "columns": ["missionLabel", "how", "mission"],
        "rows": [
            ("Chang'e 4", "mission of the nation", SGR + "mission/change-4"),
            ("Chang'e-5", "mission of the nation", SGR + "mission/change-5"),
            ("Chang'e-5", "operated by its agency", SGR + "mission/change-5"),
        ],
    },
    "sample-access": {
        "params": {},
        "columns": ["countryLabel", "institutionLabel", "collectionLabel"],
        "rows": [(n, f"institutions in {n}", "Chang'e-5 lunar samples") for n in _INST]
        + [
            ("United States", "Brown University", "Chang'e-5 lunar samples"),
            ("United States", "Stony Brook University", "Chang'e-5 lunar samples"),
        ],
    },
    "evidence": {
        "params": {"subject": "Chang’e-5", "predicate": "operated by"},
        "columns": ["predicate", "objectLabel", "polarity", "document", "start", "end", "quote"],
        "rows": [
            (
                SG + "operatedBy",
                "China National Space Administration",
                "Affirmed",
                DOC,
                "944",
                "1091",
                _FIRST_ARTICLE[944:1091],  # the quote: the span's text, read from the corpus
            )
        ],
    },
    "entity-profile": {
        "params": {"entity": "chang'e 5 mission"},
        "columns": ["direction", "property", "value", "document", "start", "end"],
        "rows": [
            ("out", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SG + "Mission", "", "", ""),
            ("out", "http://www.w3.org/2000/01/rdf-schema#label", "Chang'e-5", "", "", ""),
            (
                "out",
                "http://www.w3.org/2004/02/skos/core#altLabel",
                "Chang'e-5 mission",
                "",
                "",
                "",
            ),
            (
                "out",
                SG + "collected",
                SGR + "samplecollection/change-5-lunar-samples",
                DOC,
                "944",
                "1091",
            ),
            ("out", SG + "country", SGR + "nation/china", DOC, "944", "1091"),
            ("out", SG + "country", SGR + "nation/china", DOC, "1371", "1477"),
            ("out", SG + "hasRover", "true", DOC, "1587", "1677"),
            ("out", SG + "launchDate", "2020-11", DOC, "1371", "1477"),
            (
                "out",
                SG + "mentionedIn",
                "https://w3id.org/spacegraph/doc/moon-rocks-china-us",
                "",
                "",
                "",
            ),
            (
                "out",
                SG + "operatedBy",
                SGR + "spaceagency/china-national-space-administration",
                DOC,
                "944",
                "1091",
            ),
            ("out", SG + "returnDate", "2020-12-03", DOC, "1678", "1785"),
            ("out", SG + "target", SGR + "celestialbody/moon", DOC, "1478", "1586"),
        ],
    },
    "top-actors": {
        "params": {},
        "columns": ["actorLabel", "relations", "partners"],
        "rows": [
            ("China", "10", "8"),
            ("China National Space Administration", "7", "7"),
            ("United States", "6", "4"),
            ("Brown University", "2", "2"),
            ("France", "2", "2"),
            ("Germany", "2", "2"),
            ("Japan", "2", "2"),
            ("Pakistan", "2", "2"),
            ("Space Policy Institute", "2", "2"),
            ("Stony Brook University", "2", "2"),
            ("US-China Business Council", "2", "2"),
            ("United Kingdom", "2", "2"),
        ]
        + [(f"institutions in {n}", "2", "2") for n in _INST]
        + [
            ("Europe", "1", "1"),
            ("George Washington University", "1", "1"),
            ("John Logsdon", "1", "1"),
            ("Russia", "1", "1"),
        ],
    },
    # One article: nothing is corroborated and nothing contested (see test_api for two documents).
    "corroborated": {
        "params": {},
        "columns": ["subjectLabel", "property", "documents"],
        "rows": [],
    },
    "conflicts": {"params": {}, "columns": ["kind", "subjectLabel", "property"], "rows": []},
}

#: Queries checked by row count and a few rows (too long to list every row).
EXPECTED_COUNTS: dict[str, dict[str, Any]] = {
    "document": {
        "params": {"document": "moon-rocks-china-us.txt"},
        "count": 96,
        "columns": ["start", "end", "subjectLabel", "property", "objectLabel", "amount", "unit"],
        "contains": [
            (
                "944",
                "1091",
                "Chang'e-5",
                "operatedBy",
                "China National Space Administration",
                "",
                "",
            ),
            ("1678", "1785", "Chang'e-5 lunar samples", "mass", "", "4.4", "pounds"),
            ("648", "792", "China–US bilateral trade", "amount", "", "700000000000", "$"),
        ],
    },
    "entities": {
        "params": {},
        "count": 29,
        "columns": ["class", "label", "documents"],
        "contains": [
            ("nation", "China", "1"),
            ("space agency", "China National Space Administration", "1"),
        ],
    },
}


def project(
    variables: list[str], rows: list[tuple[str, ...]], columns: list[str]
) -> list[tuple[str, ...]]:
    """The ``columns`` of string rows whose header is ``variables``."""
    index = [variables.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in rows]


def check(name: str, variables: list[str], rows: list[tuple[str, ...]]) -> None:
    """Assert that ``rows`` (strings) are the expected answer of query ``name``."""
    if name in EXPECTED:
        spec = EXPECTED[name]
        assert project(variables, rows, spec["columns"]) == spec["rows"], name
        return
    spec = EXPECTED_COUNTS[name]
    got = project(variables, rows, spec["columns"])
    assert len(got) == spec["count"], name
    for row in spec["contains"]:
        assert row in got, (name, row)


ALL_NAMES = sorted([*EXPECTED, *EXPECTED_COUNTS])


def params_of(name: str) -> dict[str, str]:
    """The parameters the expected answer of ``name`` was computed with."""
    return dict((EXPECTED.get(name) or EXPECTED_COUNTS[name])["params"])
