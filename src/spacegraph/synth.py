"""Synthetic graph folders of any size, in the project's own format, for benchmarks and scale tests.

:func:`synthesise` writes ``DIR/graph/<stem>.trig`` (one named graph per
synthetic document, the shape :class:`spacegraph.docgraph.DocumentGraph`
produces) and ``DIR/corpus/<stem>.txt`` (the documents, so that
``spacegraph build --corpus DIR/corpus`` resolves every evidence span).

The world: about 200 nations, and space agencies, missions, universities and
research institutes, companies, persons and sample collections in numbers that
grow with the requested size. Documents pick the entities they talk about by
preferential attachment (an entity already talked about is likelier to be
picked again), so the degree distribution is scale-free with a few hubs. They
state cooperations, sample-access grants and agreements as n-ary nodes, plain
relations (agency of, operated by, takes part in, director of, based in, built
by) and facts (launch dates, rovers). Facts recur across documents
(corroborated); some launch dates disagree between documents (a conflict of a
functional property) and some participations are denied (contested).

Writing goes straight to TriG text (a million triples take seconds); the test
suite renders the same plan through ``DocumentGraph`` and checks that both
give isomorphic graphs. The same seed gives byte-identical files.

>>> parse_size("10k"), parse_size("1M"), parse_size("2500")
(10000, 1000000, 2500)
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from .atomic import staged_output
from .docgraph import CURATOR, Agent, DocumentGraph
from .errors import SpacegraphError
from .iri import claim_iri, entity_iri, node_iri
from .text import sha256_text
from .vocab import BASE, SG

__all__ = [
    "MAX_TRIPLES",
    "MIN_TRIPLES",
    "SynthDocument",
    "SynthResult",
    "check_sizes",
    "documents",
    "parse_size",
    "render_docgraph",
    "render_trig",
    "synthesise",
]

#: Smallest and largest sizes ``synth`` accepts (triples).
MIN_TRIPLES = 200
MAX_TRIPLES = 50_000_000
#: A document needs room for its metadata and a few facts.
MIN_TRIPLES_PER_DOCUMENT = 100

_SG = str(SG._NS)
_XSD = "http://www.w3.org/2001/XMLSchema#"
EXTRACTOR = Agent(
    URIRef(BASE + "agent/extractor"), "spacegraph extractor", SG.Extractor, version="synth-1"
)

# -- sizes -------------------------------------------------------------------------------------
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$")


def parse_size(text: str | int) -> int:
    """A count written as ``2500``, ``10k``, ``1.5M`` or ``1_000_000``.

    Raises :class:`SpacegraphError` for anything else (a negative number, a word).
    """
    if isinstance(text, int):
        return text
    match = _SIZE.match(str(text).replace("_", ""))
    if not match:
        raise SpacegraphError(
            f"size {text!r} is not a count; write a whole number such as 10000, 10k or 1M"
        )
    number, suffix = float(match.group(1)), match.group(2).lower()
    value = number * {"": 1, "k": 1_000, "m": 1_000_000}[suffix]
    if value != int(value):
        raise SpacegraphError(f"size {text!r} is not a whole number of triples")
    return int(value)


def check_sizes(triples: int, documents: int | None) -> int:
    """Check ``triples`` and ``documents``; return the number of documents to write."""
    if triples < MIN_TRIPLES or triples > MAX_TRIPLES:
        raise SpacegraphError(
            f"--triples {triples} is out of range: synth writes between {MIN_TRIPLES} and"
            f" {MAX_TRIPLES:_} triples".replace("_", ",")
        )
    if documents is None:
        return max(1, round(triples / 1000))
    most = triples // MIN_TRIPLES_PER_DOCUMENT
    if documents < 1 or documents > most:
        raise SpacegraphError(
            f"--documents {documents} does not fit --triples {triples}: each document holds"
            f" at least {MIN_TRIPLES_PER_DOCUMENT} triples, so give 1 to {most} documents"
        )
    return documents


# -- the world -----------------------------------------------------------------------------
_SYLLABLES = [
    "ka", "ve", "lo", "ta", "ri", "mo", "sa", "nu", "de", "bi", "ro", "zen",
    "pa", "li", "gor", "an", "tel", "vi", "mar", "os", "du", "ke", "ran", "si",
]  # fmt: skip
_FIRST = [
    "Ada",
    "Bo",
    "Chen",
    "Dana",
    "Emil",
    "Farah",
    "Goran",
    "Hana",
    "Ivo",
    "Jun",
    "Kofi",
    "Lena",
    "Mihai",
    "Nia",
    "Omar",
    "Pia",
    "Ravi",
]
_DOMAINS = ["Science", "Trade", "Education", "Technology", "Spaceflight", "Economy"]


def _word(index: int, length: int = 2) -> str:
    """A pronounceable name, unique per ``index`` (bijective base-24 syllables)."""
    parts = []
    n = index
    for _ in range(length):
        parts.append(_SYLLABLES[n % len(_SYLLABLES)])
        n //= len(_SYLLABLES)
    while n:
        parts.append(_SYLLABLES[n % len(_SYLLABLES)])
        n //= len(_SYLLABLES)
    return "".join(parts).capitalize()


@dataclass(frozen=True)
class Entity:
    """A synthetic entity: its ``SG`` class local name, label and IRI."""

    cls: str
    label: str
    iri: str


class _Pool:
    """Entities of one kind, drawn by preferential attachment."""

    def __init__(self, entities: list[Entity], rng: random.Random, fresh: float = 0.3) -> None:
        self.entities = entities
        self.rng = rng
        self.fresh = fresh
        self.urn: list[int] = []

    def draw(self) -> Entity:
        if not self.urn or self.rng.random() < self.fresh:
            i = self.rng.randrange(len(self.entities))
        else:
            i = self.urn[self.rng.randrange(len(self.urn))]
        self.urn.append(i)
        return self.entities[i]


def _entities(cls: str, labels: list[str]) -> list[Entity]:
    return [Entity(cls, label, str(entity_iri(cls, label))) for label in labels]


class _World:
    def __init__(self, rng: random.Random, triples: int) -> None:
        scale = max(triples, 10_000)
        self.rng = rng
        n_nations = 200
        nations = _entities("Nation", [_word(i, 2) + "ia" for i in range(n_nations)])
        agencies = _entities(
            "SpaceAgency", [f"{_word(i, 2)} Space Agency" for i in range(50 + scale // 1000)]
        )
        missions = _entities("Mission", [f"{_word(i, 2)}-{1 + i % 9}" for i in range(scale // 200)])
        n_inst = scale // 200
        institutions = [
            Entity(c, label, str(entity_iri(c, label)))
            for i in range(n_inst)
            for c, label in [
                ("University", f"University of {_word(i, 3)}")
                if i % 2 == 0
                else ("ResearchInstitute", f"{_word(i, 3)} Institute of Space Research")
            ]
        ]
        companies = _entities("Company", [f"{_word(i, 2)} Aerospace" for i in range(scale // 400)])
        persons = _entities(
            "Person", [f"{_FIRST[i % len(_FIRST)]} {_word(i, 3)}" for i in range(scale // 100)]
        )
        collections = _entities(
            "SampleCollection", [f"{_word(i, 2)} lunar samples" for i in range(3 + scale // 20_000)]
        )
        self.nations = _Pool(nations, rng, 0.2)
        self.agencies = _Pool(agencies, rng)
        self.missions = _Pool(missions, rng)
        self.institutions = _Pool(institutions, rng)
        self.companies = _Pool(companies, rng)
        self.persons = _Pool(persons, rng, 0.5)
        self.collections = _Pool(collections, rng, 0.5)
        # Stable facts (the same in every document that states them: corroboration).
        self.home = {
            e.iri: nations[rng.randrange(n_nations)] for e in agencies + institutions + companies
        }
        self.operator = {m.iri: agencies[rng.randrange(len(agencies))] for m in missions}
        self.builder = {m.iri: companies[rng.randrange(len(companies))] for m in missions}
        self.launch = {m.iri: self._date() for m in missions}
        orgs = agencies + institutions + companies
        self.employer = {p.iri: orgs[rng.randrange(len(orgs))] for p in persons}
        self.by_iri = {
            e.iri: e
            for pool in (nations, agencies, missions, institutions, companies, persons, collections)
            for e in pool
        }

    def _date(self) -> str:
        rng = self.rng
        return f"{rng.randrange(1990, 2031)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"

    def actor(self) -> Entity:
        r = self.rng.random()
        if r < 0.4:
            return self.nations.draw()
        if r < 0.7:
            return self.agencies.draw()
        return self.institutions.draw()


# -- the plan of one document ---------------------------------------------------------------
#: An object: ("iri", value) or ("lit", lexical value, datatype IRI or "" for a plain string).
Obj = tuple[str, ...]


@dataclass
class Statement:
    """One fact or n-ary relation a document states, at one sentence."""

    kind: str  # "state" or "nary"
    span: tuple[int, int]
    subject: str = ""
    predicate: str = ""
    obj: Obj = ()
    negated: bool = False
    confidence: float | None = None
    cls: str = ""  # nary: class local name
    label: str = ""  # nary: label
    roles: list[tuple[str, Obj]] = field(default_factory=list)
    derived: list[tuple[str, str, Obj]] = field(default_factory=list)
    after: list[tuple[str, str]] = field(default_factory=list)  # nary: (subject, predicate) -> node


@dataclass
class SynthDocument:
    """What one synthetic document says: its text, entities and statements."""

    stem: str
    title: str
    text: str
    agent: Agent
    entities: dict[str, Entity]
    statements: list[Statement]
    estimate: int = 0  # triples, as planned
    triple_count: int = 0  # triples, as rendered by render_trig


def _iri(e: Entity) -> Obj:
    return ("iri", e.iri)


class _Writer:
    """Accumulates sentences (with offsets) and statements for one document."""

    def __init__(self, title: str) -> None:
        self.parts = [title, "\n\n"]
        self.pos = len(title) + 2
        self.sentences = 0
        self.entities: dict[str, Entity] = {}
        self.statements: list[Statement] = []

    def sentence(self, text: str) -> tuple[int, int]:
        if self.sentences and self.sentences % 5 == 0:
            self.parts.append("\n\n")
            self.pos += 2
        elif self.sentences:
            self.parts.append(" ")
            self.pos += 1
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        self.sentences += 1
        return (start, self.pos)

    def mention(self, *entities: Entity) -> int:
        """Declare entities; return the number of triples the new ones add."""
        new = 0
        for e in entities:
            if e.iri not in self.entities:
                self.entities[e.iri] = e
                new += 3
        return new


def _plan(world: _World, stem: str, budget: int, extracted: bool) -> SynthDocument:
    """A document stating facts until about ``budget`` triples."""
    rng = world.rng
    a, b = world.actor(), world.actor()
    title = f"{a.label} and {b.label} deepen space ties ({stem})"
    w = _Writer(title)
    used = 12  # metadata, agent
    scores: dict[tuple[str, str, Obj, bool], float] = {}  # one confidence per claim
    sg = _SG
    while used < budget:
        r = rng.random()
        if r < 0.18:  # cooperation between two or three actors
            parts = {e.iri: e for e in (world.actor() for _ in range(rng.choice((2, 2, 3))))}
            if len(parts) < 2:
                continue
            members = sorted(parts.values(), key=lambda e: e.iri)
            domains = sorted(rng.sample(_DOMAINS, rng.choice((1, 1, 2))))
            names = " and ".join(e.label for e in members)
            span = w.sentence(
                f"{names} agreed to cooperate on {' and '.join(d.lower() for d in domains)}."
            )
            used += w.mention(*members)
            roles = [(sg + "participant", _iri(e)) for e in members]
            roles += [(sg + "domain", ("iri", sg + d)) for d in domains]
            derived = [
                (x.iri, sg + "cooperatesWith", _iri(y))
                for i, x in enumerate(members)
                for y in members[i + 1 :]
            ]
            label = "–".join(e.label for e in members) + " cooperation"
            w.statements.append(
                Statement(
                    "nary", span, cls="Cooperation", label=label, roles=roles, derived=derived
                )
            )
            used += 9 * (len(roles) + len(derived)) + 8
        elif r < 0.26:  # an agreement signed by two actors
            x, y = world.actor(), world.actor()
            if x.iri == y.iri:
                continue
            x, y = sorted((x, y), key=lambda e: e.iri)
            label = f"{x.label}–{y.label} space agreement"
            span = w.sentence(f"{x.label} and {y.label} signed a space agreement.")
            used += w.mention(x, y)
            w.statements.append(
                Statement(
                    "nary",
                    span,
                    cls="Agreement",
                    label=label,
                    roles=[(sg + "party", _iri(x)), (sg + "party", _iri(y))],
                    derived=[(x.iri, sg + "cooperatesWith", _iri(y))],
                    after=[(x.iri, sg + "signatoryOf"), (y.iri, sg + "signatoryOf")],
                )
            )
            used += 9 * 5 + 8
        elif r < 0.32:  # a sample-access grant
            inst, coll = world.institutions.draw(), world.collections.draw()
            span = w.sentence(f"The {inst.label} was granted access to the {coll.label}.")
            used += w.mention(inst, coll)
            w.statements.append(
                Statement(
                    "nary",
                    span,
                    cls="SampleAccessGrant",
                    roles=[(sg + "grantee", _iri(inst)), (sg + "sampleCollection", _iri(coll))],
                    derived=[(inst.iri, sg + "hasSampleAccess", _iri(coll))],
                )
            )
            used += 9 * 3 + 7
        else:
            s, p, o, text, negated = _fact(world, rng.random())
            span = w.sentence(text)
            used += w.mention(s)
            if o[0] == "iri":
                used += w.mention(_entity_of(world, o[1]))
            confidence = None
            if extracted:
                key = (s.iri, p, o, negated)
                confidence = scores.setdefault(key, round(rng.uniform(0.5, 0.99), 2))
            w.statements.append(
                Statement("state", span, s.iri, sg + p, o, negated=negated, confidence=confidence)
            )
            used += 15 + (not negated) + extracted
    text = "".join(w.parts) + "\n"
    return SynthDocument(
        stem, title, text, EXTRACTOR if extracted else CURATOR, w.entities, w.statements, used
    )


def _entity_of(world: _World, iri: str) -> Entity:
    return world.by_iri[iri]


def _fact(world: _World, r: float) -> tuple[Entity, str, Obj, str, bool]:
    """A plain fact: (subject, predicate local name, object, sentence, negated)."""
    rng = world.rng
    if r < 0.15:
        ag = world.agencies.draw()
        n = world.home[ag.iri]
        return ag, "agencyOf", _iri(n), f"The {ag.label} is the space agency of {n.label}.", False
    if r < 0.30:
        m = world.missions.draw()
        ag = world.operator[m.iri]
        return m, "operatedBy", _iri(ag), f"{m.label} is operated by the {ag.label}.", False
    if r < 0.50:
        actor, m = world.actor(), world.missions.draw()
        if rng.random() < 0.05:
            return (
                actor,
                "participatesIn",
                _iri(m),
                f"{actor.label} has never taken part in {m.label}.",
                True,
            )
        return actor, "participatesIn", _iri(m), f"{actor.label} takes part in {m.label}.", False
    if r < 0.62:
        p = world.persons.draw()
        org = world.employer[p.iri]
        return p, "directorOf", _iri(org), f"{p.label} is the director of the {org.label}.", False
    if r < 0.74:
        inst = world.institutions.draw() if rng.random() < 0.6 else world.companies.draw()
        n = world.home[inst.iri]
        return inst, "locatedIn", _iri(n), f"The {inst.label} is based in {n.label}.", False
    if r < 0.84:
        m = world.missions.draw()
        c = world.builder[m.iri]
        return m, "builtBy", _iri(c), f"{m.label} was built by {c.label}.", False
    if r < 0.96:
        m = world.missions.draw()
        date = world.launch[m.iri]
        if rng.random() < 0.15:  # another source, another date: a conflict
            date = world._date()
        return (
            m,
            "launchDate",
            ("lit", date, _XSD + "date"),
            f"{m.label} was launched on {date}.",
            False,
        )
    m = world.missions.draw()
    return m, "hasRover", ("lit", "true", _XSD + "boolean"), f"{m.label} carries a rover.", False


def documents(
    triples: int, n_documents: int | None = None, seed: int = 0
) -> Iterator[SynthDocument]:
    """The synthetic documents for ``triples`` triples in ``n_documents`` documents."""
    count = check_sizes(triples, n_documents)
    rng = random.Random(seed)
    world = _World(rng, triples)
    width = max(4, len(str(count)))
    written = 0
    for i in range(count):
        # Each document aims at an equal share of what is left, so the total lands near
        # ``triples`` (exactly counted when the caller renders with render_trig).
        budget = (triples - written) // (count - i)
        doc = _plan(world, f"synth-{i:0{width}d}", max(budget, 60), extracted=rng.random() < 0.3)
        yield doc
        written += doc.triple_count or doc.estimate


# -- rendering -----------------------------------------------------------------------------
_PREFIXES = {
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sg": _SG,
    "xsd": _XSD,
}
_HEADER = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in _PREFIXES.items()) + "\n"


def _term(iri: str) -> str:
    for prefix, ns in (("sg", _SG), ("xsd", _XSD)):
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _obj(o: Obj) -> str:
    if o[0] == "iri":
        return _term(o[1])
    return _string(o[1]) + (f"^^{_term(o[2])}" if o[2] else "")


def render_trig(doc: SynthDocument) -> str:
    """The document's named graph as TriG text (what ``DocumentGraph`` would state)."""
    out: dict[str, None] = {}
    doc_iri = f"<{BASE}doc/{doc.stem}>"
    graph = f"<{BASE}graph/{doc.stem}>"
    agent = f"<{doc.agent.iri}>"

    def add(s: str, p: str, o: str) -> None:
        out[f"{s} {p} {o} ."] = None

    add(doc_iri, "a", "sg:SourceDocument")
    add(doc_iri, "dcterms:identifier", _string(doc.stem + ".txt"))
    add(doc_iri, "dcterms:title", _string(doc.title))
    add(doc_iri, "sg:sha256", _string(sha256_text(doc.text)))
    add(doc_iri, "sg:characterCount", str(len(doc.text)))
    add(graph, "prov:wasDerivedFrom", doc_iri)
    add(agent, "a", _term(str(doc.agent.kind)))
    add(agent, "rdfs:label", _string(doc.agent.label))
    if doc.agent.version:
        add(agent, "schema:softwareVersion", _string(doc.agent.version))
    for e in doc.entities.values():
        node = f"<{e.iri}>"
        add(node, "a", f"sg:{e.cls}")
        add(node, "rdfs:label", _string(e.label))
        add(node, "sg:mentionedIn", doc_iri)

    def evidence(span: tuple[int, int]) -> str:
        ev = f"{BASE}evidence/{doc.stem}/{span[0]}-{span[1]}"
        sel = f"<{ev}#position>"
        add(f"<{ev}>", "a", "sg:Evidence")
        add(f"<{ev}>", "oa:hasSource", doc_iri)
        add(f"<{ev}>", "oa:hasSelector", sel)
        add(sel, "a", "oa:TextPositionSelector")
        add(sel, "oa:start", f'"{span[0]}"^^xsd:nonNegativeInteger')
        add(sel, "oa:end", f'"{span[1]}"^^xsd:nonNegativeInteger')
        return f"<{ev}>"

    def state(
        s: str, p: str, o: Obj, span: tuple[int, int], negated: bool, confidence: float | None
    ) -> None:
        claim = f"<{claim_iri(doc.stem, s, p, o[1], negated)}>"
        so = _obj(o)
        if not negated:
            add(f"<{s}>", _term(p), so)
        add(claim, "a", "sg:Claim")
        add(claim, "rdf:subject", f"<{s}>")
        add(claim, "rdf:predicate", _term(p))
        add(claim, "rdf:object", so)
        add(claim, "sg:statedIn", doc_iri)
        add(claim, "sg:polarity", "sg:Negated" if negated else "sg:Affirmed")
        add(claim, "prov:wasAttributedTo", agent)
        if confidence is not None:
            add(claim, "sg:confidence", f'"{confidence:.2f}"^^xsd:decimal')
        add(claim, "sg:hasEvidence", evidence(span))

    for st in doc.statements:
        if st.kind == "state":
            state(st.subject, st.predicate, st.obj, st.span, st.negated, st.confidence)
            continue
        node = str(node_iri(st.cls, *sorted((p, o[1]) for p, o in st.roles)))
        add(f"<{node}>", "a", f"sg:{st.cls}")
        if st.label:
            add(f"<{node}>", "rdfs:label", _string(st.label))
        for p, o in st.roles:
            state(node, p, o, st.span, False, None)
        for s, p, o in st.derived:
            state(s, p, o, st.span, False, None)
        for s, p in st.after:
            state(s, p, ("iri", node), st.span, False, None)
    doc.triple_count = len(out)
    return _HEADER + f"{graph} {{\n" + "\n".join(out) + "\n}\n"


def _rdf_obj(o: Obj) -> URIRef | Literal:
    if o[0] == "iri":
        return URIRef(o[1])
    return Literal(o[1], datatype=URIRef(o[2])) if o[2] else Literal(o[1])


def render_docgraph(doc: SynthDocument) -> DocumentGraph:
    """The same document written through :class:`DocumentGraph` (tests :func:`render_trig`)."""
    dg = DocumentGraph(
        doc.stem,
        file_name=doc.stem + ".txt",
        title=doc.title,
        sha256=sha256_text(doc.text),
        length=len(doc.text),
        agent=doc.agent,
    )
    for e in doc.entities.values():
        dg.entity(SG[e.cls], e.label)
    for st in doc.statements:
        if st.kind == "state":
            dg.state(
                URIRef(st.subject),
                URIRef(st.predicate),
                _rdf_obj(st.obj),
                [st.span],
                negated=st.negated,
                confidence=st.confidence,
            )
            continue
        node = dg.nary(
            SG[st.cls],
            [(URIRef(p), _rdf_obj(o)) for p, o in st.roles],
            [st.span],
            label=st.label or None,
            derived=[(URIRef(s), URIRef(p), _rdf_obj(o)) for s, p, o in st.derived],
        )
        for s, p in st.after:
            dg.state(URIRef(s), URIRef(p), node, [st.span])
    return dg


# -- writing a folder ---------------------------------------------------------------------------
@dataclass
class SynthResult:
    """What :func:`synthesise` wrote."""

    out_dir: Path
    documents: int
    triples: int
    entities: int


def synthesise(
    out_dir: Path | str, triples: int, *, n_documents: int | None = None, seed: int = 0
) -> SynthResult:
    """Write a synthetic graph folder (``graph/``) and its corpus (``corpus/``) into ``out_dir``.

    Both folders are staged and moved into place together, replacing earlier
    ones; nothing else in ``out_dir`` is touched.
    """
    out = Path(out_dir)
    check_sizes(triples, n_documents)
    total = docs = 0
    entities: set[str] = set()
    with staged_output(out) as staging:
        graph_dir, corpus_dir = staging.path("graph"), staging.path("corpus")
        graph_dir.mkdir()
        corpus_dir.mkdir()
        for doc in documents(triples, n_documents, seed):
            (graph_dir / f"{doc.stem}.trig").write_text(render_trig(doc), encoding="utf-8")
            (corpus_dir / f"{doc.stem}.txt").write_text(doc.text, encoding="utf-8")
            total += doc.triple_count
            docs += 1
            entities.update(doc.entities)
    return SynthResult(out, docs, total, len(entities))
