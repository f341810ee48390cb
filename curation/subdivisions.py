"""Write ``src/spacegraph/data/subdivisions.csv``: the first-level regions of spacefaring nations.

Usage (from the repository root)::

    python curation/subdivisions.py

The gazetteer knows a state, province or prefecture ("Hainan", "Florida",
"Northern Cape") as a place without loading pycountry's ISO 3166-2 list at
run time (its 5,000 subdivisions take 60 ms to load, on every ingest): this
script takes, from that list, the first-level subdivisions of the nations
named below, leaves out names that are ordinary words or lists ("Central",
"Bruxelles-Capitale, Région de"), and writes them sorted. Run it again when
pycountry's list changes; the file is package data, read by
:meth:`spacegraph.gazetteer.Gazetteer.packaged`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "spacegraph" / "data" / "subdivisions.csv"

#: Nations with launch sites, space agencies or their partners' ground stations.
NATIONS = {
    *("AE", "AR", "AU", "BE", "BR", "CA", "CL", "CN", "DE", "EG", "ES", "FR", "GB", "ID"),
    *("IL", "IN", "IT", "JP", "KE", "KR", "KZ", "MX", "NG", "NL", "NO", "NZ", "PK", "PT"),
    *("RU", "SE", "TR", "UA", "ZA", "US"),
}
#: Subdivision types of the first level (pycountry's spelling).
FIRST_LEVEL = {
    "State",
    "Province",
    "Territory",
    "Region",
    "Autonomous region",
    "Autonomous community",
    "Prefecture",
    "Land",
    "Emirate",
    "Country",
    "Municipality",
    "Metropolitan region",
    "Union territory",
    "Republic",
    "Administrative region",
    "Autonomous district",
    "Federal city",
    "Metropolitan city",
    "Special city",
    "Special self-governing province",
    "Special self-governing city",
    "Governorate",
    "Federal district",
    "Capital territory",
    "Federal capital territory",
    "Capital district",
    "Special region",
}
#: Provinces that are a second level in their nation (the first is "Autonomous community"...).
SECOND_LEVEL_PROVINCES = {"ES", "IT", "BE", "AR"}
#: The kind of subdivision written into its romanised name: "Hainan Sheng", "Daejeon-gwangyeoksi".
KIND_SUFFIX = re.compile(
    r"(?: (?:(?:Huizu|Zhuangzu|Uygur|Zangzu) )?(?:Sheng|Shi|Zizhiqu)"
    r"|-(?:gwangyeoksi|teukbyeolsi|teukbyeoljachi(?:si|do)|do))$"
)
#: English names news uses for some (the list gives the local one).
ENGLISH = {
    "Nei Mongol": "Inner Mongolia",
    "Xizang": "Tibet",
    "Moskva": "Moscow",
    "Moskovskaya oblast'": "Moscow Oblast",
    "Sankt-Peterburg": "Saint Petersburg",
    "Bayern": "Bavaria",
    "Niedersachsen": "Lower Saxony",
    "Nordrhein-Westfalen": "North Rhine-Westphalia",
    "Toscana": "Tuscany",
    "Piemonte": "Piedmont",
    "Lombardia": "Lombardy",
    "Sicilia": "Sicily",
    "Sardegna": "Sardinia",
}
#: Names that are ordinary words, or would shadow a better-known meaning.
COMMON = {"Central", "Centre", "Capital", "North", "South", "East", "West", "Eastern", "Western"}


def rows() -> list[tuple[str, str, str]]:
    """(name, the name as listed if it differs, ISO code of the nation) of each kept, sorted."""
    out = set()
    for code in NATIONS:
        for sub in pycountry.subdivisions.get(country_code=code) or []:
            if sub.type not in FIRST_LEVEL or getattr(sub, "parent_code", None):
                continue
            if sub.type == "Province" and code in SECOND_LEVEL_PROVINCES:
                continue
            name = sub.name
            if "," in name or "(" in name or "[" in name or name in COMMON or len(name) < 4:
                continue
            short = KIND_SUFFIX.sub("", name)
            english = ENGLISH.get(short)
            label = english or short
            listed = "|".join(n for n in dict.fromkeys((short, name)) if n != label)
            out.add((label, listed, code))
    return sorted(out)


def main() -> None:
    """Write the file."""
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["label", "aliases", "country"])
        writer.writerows(rows())


if __name__ == "__main__":
    main()
