"""Where the ontology, shapes and embedded graph are, installed or in a checkout.

A wheel carries ``ontology/`` and ``graph/`` inside the package (``_data/``); an
editable install or a checkout reads them from the repository root, so there is
one copy of each file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "embedded_graph_dir", "ontology_file", "shapes_file"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (``ontology`` or ``graph``), installed or in the checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parents[1] / name


def ontology_file() -> Path:
    """The OWL ontology, ``ontology/spacegraph.ttl``."""
    return data_dir("ontology") / "spacegraph.ttl"


def shapes_file() -> Path:
    """The SHACL shapes, ``ontology/shapes.ttl``."""
    return data_dir("ontology") / "shapes.ttl"


def embedded_graph_dir() -> Path:
    """The graph folder shipped with spacegraph (the first article's curated graph)."""
    return data_dir("graph")
