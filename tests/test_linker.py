"""Entity resolution: surface variants, acronyms and the graph's own names meet on one node."""

from __future__ import annotations

from pathlib import Path

import pytest

from spacegraph.extract import extract
from spacegraph.gazetteer import Gazetteer, fold
from spacegraph.iri import entity_iri
from spacegraph.loader import load
from spacegraph.text import Document, sha256_text

GRAPH = Path(__file__).resolve().parents[1] / "graph"


def entities(text: str, gaz: Gazetteer) -> dict[str, set[str]]:
    ex = extract(Document(Path("t.txt"), text, sha256_text(text)), gaz)
    return {str(e.iri): {m.surface for m in e.mentions} for e in ex.entities.values()}


@pytest.mark.parametrize(
    "names", [("US", "the US", "United States", "U.S."), ("UK", "United Kingdom", "Britain")]
)
def test_nation_variants_are_one_node(names: tuple[str, ...]) -> None:
    gaz = Gazetteer.packaged()
    assert len({gaz.lookup(n).label for n in names}) == 1  # type: ignore[union-attr]


def test_quotes_possessives_hyphens_and_acronyms() -> None:
    text = (
        "The China National Space Administration (CNSA) runs Chang'e 4. "
        "CNSA says Chang’e-4 landed. China’s Chang'e-4 mission flew."
    )
    found = entities(text, Gazetteer.packaged())
    mission = str(entity_iri("Mission", "Chang'e 4"))
    agency = str(entity_iri("SpaceAgency", "China National Space Administration"))
    assert found[mission] >= {"Chang'e 4", "Chang’e-4"}
    assert found[agency] >= {"China National Space Administration", "CNSA"}
    assert str(entity_iri("Nation", "China")) in found


def test_acronym_defined_by_the_text() -> None:
    text = "The Hellenic Space Center (HSC) was founded. HSC now works with ESA."
    ex = extract(Document(Path("t.txt"), text, sha256_text(text)), Gazetteer.packaged())
    hsc = next(e for e in ex.entities.values() if e.label == "Hellenic Space Center")
    assert "HSC" in hsc.aliases
    assert {m.surface for m in hsc.mentions} == {"Hellenic Space Center", "HSC"}


def test_graph_labels_win_and_keep_the_graph_iri() -> None:
    gaz = Gazetteer.packaged()
    gaz.add_graph(load(GRAPH).union())
    entry = gaz.lookup("Chang’e-5")
    assert entry is not None and entry.iri == entity_iri("Mission", "Chang'e-5")
    assert fold(entry.label) == fold("Chang'e-5")


def test_wikidata_ids_only_from_the_reference_list(tmp_path: Path) -> None:
    ref = tmp_path / "qids.csv"
    ref.write_text("label,wikidata_qid,kind,evidence\nNASA,Q23548,SpaceAgency,x\n")
    gaz = Gazetteer.packaged()
    gaz.load_qids(ref)
    text = "NASA and the European Space Agency flew."
    ex = extract(Document(Path("t.txt"), text, sha256_text(text)), gaz)
    qids = {e.label: e.qid for e in ex.entities.values()}
    assert qids == {"NASA": "Q23548", "European Space Agency": None}


def test_iso_codes_for_nations() -> None:
    assert Gazetteer.packaged().lookup("Kazakhstan").iso == "KZ"  # type: ignore[union-attr]
