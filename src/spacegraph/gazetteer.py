"""The gazetteer: names the extractor knows before it reads a document.

Three sources, in rising order of authority:

1. reference lists that ship with well-kept packages: every country with its
   names and ISO 3166-1 code from :mod:`pycountry`;
2. reference lists the project keeps as package data (``data/*.csv``): common
   names, abbreviations and demonyms of nations; space agencies and other
   organisations with their acronyms and countries; launch sites; launch
   vehicles; celestial bodies, regions, stations and facilities; the states,
   provinces and prefectures of thirty-odd spacefaring nations (taken from
   pycountry's ISO 3166-2 list by ``curation/subdivisions.py``);
3. the graph itself: every entity's ``rdfs:label`` and ``skos:altLabel``,
   so a new document resolves to the nodes the graph already has (same IRI,
   same label, same class).

Wikidata identifiers come only from the project's checked reference list
(``wikidata-qids.csv``) or from links already in the graph.

>>> g = Gazetteer.packaged()
>>> g.lookup("the US").label, g.lookup("U.S.").iso
('United States', 'US')
>>> g.lookup("Chinese") is None, g.demonym("Chinese")
(True, 'China')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from .iri import normalise_label
from .triples import TripleIndex
from .vocab import SG, WD

__all__ = ["Entry", "Gazetteer", "core_name", "fold"]

#: Reference-list kinds that are spelt differently from the ontology's class names.
_KIND_CLASSES = {"Program": "Programme", "Organization": "Organisation"}
#: Classes whose graph labels are generic phrases ("lunar samples"), not names to match.
_UNMATCHED_CLASSES = {"SampleCollection", "UnnamedInstitutions"}
_CORE_SUFFIX = re.compile(r"\s+(?:missions?|programme|program|project|mission series)$")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The matching key of a name: folded by :func:`normalise_label`, without "the".

    >>> fold("the U.S.") == fold("U.S.")
    True
    >>> fold("Chang’e-5"), fold("The Moon")
    ('change 5', 'moon')
    """
    key = normalise_label(name).replace(".", "")
    return key[4:] if key.startswith("the ") else key


def _adjective_forms(nation: str) -> set[str]:
    """The shapes a nation's adjective usually takes (folded): Kenya → kenyan, Japan → japanese.

    >>> "kenyan" in _adjective_forms("Kenya"), "japanese" in _adjective_forms("Japan")
    (True, True)
    """
    key = fold(nation)
    if " " in key:
        return set()
    stem = key[:-1] if key[-1] in "aeiouy" else key
    return {
        key + "n",
        key + "an",
        key + "ian",
        key + "ese",
        key + "i",
        key + "ish",
        stem + "an",
        stem + "ian",
        stem + "ese",
        stem + "i",
        stem + "ish",
    } - {key}


def core_name(name: str) -> str:
    """A programme's name without "missions"/"programme": "Apollo missions" → "apollo"."""
    return _CORE_SUFFIX.sub("", fold(name))


@dataclass(frozen=True)
class Entry:
    """A known entity: canonical label, ``sg:`` class name and identifiers."""

    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # label of the nation it belongs to
    iso: str | None = None  # ISO 3166-1 alpha-2, for nations
    qid: str | None = None
    iri: URIRef | None = None  # the node already in the graph

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases."""
        return (self.label, *self.aliases)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with resources.files("spacegraph.data").joinpath(name).open(encoding="utf-8") as fh:
        yield from csv.DictReader(fh)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


class Gazetteer:
    """Names → :class:`Entry`, matched after :func:`fold`."""

    def __init__(self) -> None:
        self._names: dict[str, Entry] = {}
        self._demonyms: dict[str, str] = {}
        #: Words shaped like a nation's adjective ("Kenyan", "Pakistani"), folded: see
        #: :meth:`is_adjective`.
        self._adjectives: set[str] = set()
        self._qids: dict[tuple[str, str], str] = {}
        self.by_iri: dict[URIRef, Entry] = {}
        self.max_words = 1

    # -- building ---------------------------------------------------------------
    def add(self, entry: Entry, *, override: bool = False) -> None:
        """Register every name of ``entry`` (an earlier entry keeps a shared name)."""
        for name in entry.names:
            key = fold(name)
            if not key or (key in self._names and not override):
                continue
            self._names[key] = entry
            self.max_words = max(self.max_words, len(key.split()))

    @classmethod
    def packaged(cls) -> Gazetteer:
        """The gazetteer of pycountry and the package's data files (no graph)."""
        import pycountry

        g = cls()
        nation_rows = {row["alpha_2"]: row for row in _rows("nations.csv")}
        labels: dict[str, str] = {}
        for record in pycountry.countries:
            code = record.alpha_2
            row = nation_rows.get(code)
            common = getattr(record, "common_name", None)
            label = row["label"] if row else (common or record.name)
            labels[code] = label
            names = [getattr(record, "official_name", None), common, record.name]
            if row:
                names += _split(row["aliases"])
                for demonym in _split(row["demonyms"]):
                    g._demonyms[fold(demonym)] = label
            aliases = tuple(dict.fromkeys(n for n in names if n and n != label and "," not in n))
            g.add(Entry(label, "Nation", aliases, iso=code), override=bool(row))
            g._adjectives.update(_adjective_forms(label))
        for row in _rows("agencies.csv"):
            country = labels.get(row["country"]) if row["country"] else None
            g.add(Entry(row["label"], row["class"], _split(row["aliases"]), country=country))
        for file_name, kind in (
            ("launch_sites.csv", "LaunchSite"),
            ("launch_vehicles.csv", "LaunchVehicle"),
        ):
            for row in _rows(file_name):
                country = labels.get(row["country"]) if row["country"] else None
                g.add(Entry(row["label"], kind, _split(row["aliases"]), country=country))
        for row in _rows("bodies.csv"):
            country = labels.get(row["country"]) if row["country"] else None
            g.add(Entry(row["label"], row["class"], _split(row["aliases"]), country=country))
        for row in _rows("subdivisions.csv"):  # (see curation/subdivisions.py)
            g.add(
                Entry(row["label"], "Place", _split(row["aliases"]), country=labels[row["country"]])
            )
        return g

    def add_graph(self, graph: Graph | TripleIndex) -> int:
        """Add every labelled entity of ``graph`` (its IRI, label, class, aliases, QID).

        Returns the number of entities added. Graph entries override packaged
        ones: the graph's IRI and label are what a new document must reuse.
        """
        count = 0
        for node, label in graph.subject_objects(RDFS.label):
            if not isinstance(node, URIRef):
                continue
            classes = [
                str(c).rsplit("#", 1)[1]
                for c in graph.objects(node, RDF.type)
                if str(c).startswith(str(SG._NS))
            ]
            if not classes or classes[0] in _UNMATCHED_CLASSES or "/id/" not in str(node):
                continue
            aliases = tuple(str(a) for a in graph.objects(node, SKOS.altLabel))
            qid = next((str(m)[len(str(WD)) :] for m in graph.objects(node, SKOS.exactMatch)), None)
            known = self.lookup(str(label))
            entry = Entry(
                str(label),
                classes[0],
                tuple(a for a in aliases if a[:1].isupper() or a[:1].isdigit()),
                country=known.country if known else None,
                iso=known.iso if known else None,
                qid=qid or (known.qid if known else None),
                iri=node,
            )
            if known and known.cls == entry.cls:
                entry = replace(entry, aliases=tuple(dict.fromkeys(entry.aliases + known.names)))
            self.add(entry, override=True)
            self.by_iri[node] = entry
            count += 1
        return count

    def load_qids(self, path: Path) -> int:
        """Read the checked Wikidata identifiers (``label,wikidata_qid,kind,…``)."""
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            kind = _KIND_CLASSES.get(row["kind"], row["kind"])
            self._qids[(kind, fold(row["label"]))] = row["wikidata_qid"]
            self._qids.setdefault((kind, core_name(row["label"])), row["wikidata_qid"])
        return len(rows)

    # -- looking up -------------------------------------------------------------
    def lookup(self, name: str) -> Entry | None:
        """The entry for a name, or None."""
        return self._names.get(fold(name))

    @property
    def by_key(self) -> Mapping[str, Entry]:
        """The entries by matching key (:func:`fold`): for callers that fold a name once."""
        return self._names

    def entries(self) -> list[Entry]:
        """Every distinct entry, in the order its first name was registered."""
        return list(dict.fromkeys(self._names.values()))

    def is_adjective(self, word: str) -> bool:
        """True for a nation's demonym or a word shaped like one ("Kenyan", "Emirati").

        For telling "the Kenyan satellite" from "the Hope probe"; which nation
        a word names is :meth:`demonym`'s to say, from the checked list only.
        """
        key = fold(word)
        return key in self._demonyms or (key in self._adjectives and key not in self._names)

    def demonym(self, word: str) -> str | None:
        """The nation a demonym names ("Indian" → "India"), or None."""
        return self._demonyms.get(fold(word))

    def nation_in_name(self, name: str) -> str | None:
        """A nation named by the first word(s) of an organisation's name, or None.

        >>> Gazetteer.packaged().nation_in_name("Indian Space Research Organisation")
        'India'
        """
        words = name.replace("’", "'").split()
        for n in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            entry = self.lookup(head)
            if entry and entry.cls == "Nation":
                return entry.label
            if n == 1 and (nation := self.demonym(head)):
                return nation
        return None

    def qid(self, cls: str, names: Iterable[str]) -> str | None:
        """A checked Wikidata id for an entity of class ``cls`` with these names."""
        for name in names:
            for key in (fold(name), core_name(name)):
                if (cls, key) in self._qids:
                    return self._qids[(cls, key)]
        return None

    def __len__(self) -> int:
        return len(self._names)
