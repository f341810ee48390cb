"""``spacegraph query`` through click's CliRunner: answers, formats, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from spacegraph.cli import main

from .conftest import GRAPH_DIR
from .query_expected import ALL_NAMES, check, params_of

pytestmark = pytest.mark.filterwarnings(r"ignore::DeprecationWarning:rdflib\..*")


@pytest.fixture(scope="module")
def run(built: Path):  # type: ignore[no-untyped-def]
    """Invoke ``spacegraph query`` on the built store of the first article."""

    def invoke(*args: str, store: bool = True):  # type: ignore[no-untyped-def]
        extra = ["--graph", str(GRAPH_DIR), "--store", str(built / "store")] if store else []
        return CliRunner().invoke(main, ["query", *args, *extra])

    return invoke


def _csv(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [tuple(r) for r in rows[1:]]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_named_query_through_the_cli(run, name: str) -> None:  # type: ignore[no-untyped-def]
    args = [name, "--format", "csv"]
    for key, value in params_of(name).items():
        args += ["--param", f"{key}={value}"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    header, rows = _csv(result.stdout)
    check(name, header, rows)


def test_list_prints_one_line_per_query(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--list", store=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ALL_NAMES
    assert any(line.startswith("missions ") and "(actor=…)" in line for line in lines)


def test_table_is_aligned(run) -> None:  # type: ignore[no-untyped-def]
    result = run("missions", "-p", "actor=CNSA")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "missionLabel  how             mission                  actor",
        "------------  --------------  -----------------------  ------------------------------------------------------",  # noqa: E501
        "Chang'e-5     operated by it  sgr:id/mission/change-5  sgr:id/spaceagency/china-national-space-administration",  # noqa: E501
    ]


def test_json_tsv_xml_formats(run) -> None:  # type: ignore[no-untyped-def]
    q = ["missions", "-p", "actor=CNSA"]
    data = json.loads(run(*q, "--format", "json").stdout)
    assert data["head"]["vars"] == ["missionLabel", "how", "mission", "actor"]
    assert data["results"]["bindings"][0]["mission"] == {
        "type": "uri",
        "value": "https://w3id.org/spacegraph/id/mission/change-5",
    }
    tsv = run(*q, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?missionLabel\t?how\t?mission\t?actor"
    assert tsv[1].startswith('"Chang\'e-5"\t"operated by it"\t<https://w3id.org/')
    root = ET.fromstring(run(*q, "--format", "xml").stdout)
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("s:head/s:variable", ns)] == data["head"]["vars"]
    assert len(root.findall("s:results/s:result", ns)) == 1


def test_inline_ask_and_construct(run) -> None:  # type: ignore[no-untyped-def]
    assert run("ASK { ?m a sg:Mission }", "--format", "json").stdout == (
        '{\n  "head": {},\n  "boolean": true\n}\n'
    )
    q = "CONSTRUCT { ?m a sg:Mission } WHERE { ?m a sg:Mission }"
    nt = run(q, "--format", "ntriples").stdout
    assert nt.splitlines() == [
        f"<https://w3id.org/spacegraph/id/mission/change-{n}> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/spacegraph/ontology#Mission> ."
        for n in (4, 5)
    ]
    ttl = run(q).stdout  # a graph result's table is Turtle
    assert len(Graph().parse(data=ttl, format="turtle")) == 2


def test_query_from_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "agency.rq"
    path.write_text(
        "# Question: whose agency?\n# Param: agency (entity) the agency\n"
        "SELECT ?nation WHERE { ?agency sg:agencyOf ?nation }\n",
        encoding="utf-8",
    )
    result = run(str(path), "-p", "agency=CNSA", "--format", "csv")
    assert result.exit_code == 0, result.output
    # (CliRunner turns the CSV's CRLF line ends into LF)
    assert result.stdout == "nation\nhttps://w3id.org/spacegraph/id/nation/china\n"


def test_syntax_error_exit_1_with_line_and_column(run) -> None:  # type: ignore[no-untyped-def]
    result = run("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = ) }")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <query>:3:18: SPARQL syntax error: expected one of")
    assert len(result.stderr.splitlines()) == 1


def test_unknown_query_name_suggests(run) -> None:  # type: ignore[no-untyped-def]
    result = run("cooperaton")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no query named 'cooperaton'; did you mean: cooperation,"
        " cooperation-in-domain, corroborated? (spacegraph query --list shows them all)\n"
    )


def test_missing_parameter_says_which(run) -> None:  # type: ignore[no-untyped-def]
    result = run("entity-profile")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: query entity-profile needs --param entity=… (")


def test_malformed_param_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("missions", "-p", "China")
    assert result.exit_code == 2
    assert "--param 'China': expected name=value" in result.stderr


def test_timeout(run) -> None:  # type: ignore[no-untyped-def]
    # Seconds long, not endless: a query stopped by the timeout runs on in its thread until it
    # ends (no engine here can cancel one), and an endless one kept a core busy all session.
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        " LIMIT 20000000 } }"
    )
    result = run(slow, "--timeout", "0.3")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: <query>: stopped after 0.3 s (--timeout); narrow the query or raise the timeout\n"
    )


def test_update_refused(run) -> None:  # type: ignore[no-untyped-def]
    result = run("DELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 1
    assert "DELETE is a SPARQL UPDATE; spacegraph only reads the graph" in result.stderr


def test_unreachable_endpoint_one_line(run) -> None:  # type: ignore[no-untyped-def]
    result = run("top-actors", "--endpoint", "http://127.0.0.1:9/query", store=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot reach the SPARQL endpoint http://127.0.0.1:9/query"
    )
    assert len(result.stderr.splitlines()) == 1


def test_rdflib_engine_and_stale_store_note(run, graph_copy: Path, built: Path) -> None:  # type: ignore[no-untyped-def]
    path = next(graph_copy.glob("*.trig"))
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    args = ["query", "missions", "-p", "actor=CNSA", "--graph", str(graph_copy)]
    result = CliRunner().invoke(main, [*args, "--store", str(built / "store"), "-f", "csv"])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Note: {built / 'store'} is out of date with {graph_copy}")
    rdflib = CliRunner().invoke(main, [*args, "--engine", "rdflib", "-f", "csv"])
    assert rdflib.stdout == result.stdout
