"""What names look like to the detectors: word patterns, function words, head and cue nouns.

The vocabulary of :mod:`spacegraph.mention_detectors`, kept apart so the
detectors read as rules: the regular expression of a capitalised word and of
a run of them, the capitalised words that never start a name ("The",
"According", months), the head nouns that give a name its class ("… Agency",
"University of …", "Mons …"), the cue nouns after a name ("… mission",
"… rocket"), roles of persons, and the helpers that classify and clean a name
(:func:`classify_name`, :func:`strip_stop`, :func:`name_label`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import prefilter

__all__ = [
    "ADJECTIVES",
    "CUES",
    "CUE_WORDS",
    "HEAD_FINAL_RE",
    "HEAD_FINAL_WORD",
    "HEAD_FIRST_RE",
    "LOWER",
    "MONTHS",
    "NAMES",
    "NAME_RUN",
    "NOT_PLACES",
    "PERSON",
    "ROLE",
    "ROLE_NOUN",
    "STOP",
    "UPPER",
    "WORD",
    "WORD_RE",
    "classify_name",
    "name_label",
    "strip_stop",
]

#: Capital letters, as a character class's inside: Latin's, accented ones included ("Łódź").
UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
#: Small letters, likewise ("López", "Erdoğan", "Gezeravcı").
LOWER = "a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĸĺļľŀłńņňŉŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
#: One capitalised word, initialism ("U.S.") or number-led word ("3D").
#:
#: An atomic group: once matched, a word is never taken back to a shorter one
#: (its first match is its longest, and any shorter one would end before a
#: letter, digit, dot, hyphen or quote). Every pattern built of words follows
#: a word with a space, a comma, "'s" or nothing, which a shorter word could not
#: meet where the longest fails, so the matches are the same; the patterns fail
#: sooner, without trying each shorter word (a third of the cue detector's time).
WORD = rf"(?>(?:[A-Z]\.){{2,}}|[{UPPER}][\w]*(?:['’][a-rt-z]\w*)*(?:-\w+)*|\d\w*(?:-\w+)*)"
_CONNECT = r"(?:of|for|and|the|de|on|upon|d['’])"
#: A run of such words, joined by spaces and the small words names contain.
NAME_RUN = re.compile(rf"{WORD}(?:(?: | {_CONNECT} ){WORD})*")
WORD_RE = re.compile(WORD)
#: One to four words.
NAMES = rf"{WORD}(?: {WORD}){{0,3}}"
#: The month names, January first (dates are read and written with them).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {
    *MONTH_NAMES,
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
#: Capitalised words that never start a name.
STOP = MONTHS | {
    "The",
    "A",
    "An",
    "This",
    "These",
    "Those",
    "That",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "In",
    "On",
    "At",
    "Since",
    "While",
    "Under",
    "According",
    "After",
    "Before",
    "During",
    "Despite",
    "Notably",
    "Building",
    "Tracking",
    "For",
    "From",
    "With",
    "By",
    "As",
    "If",
    "When",
    "Although",
    "However",
    "Meanwhile",
    "Instead",
    "Both",
    "Each",
    "Every",
    "Some",
    "Many",
    "Most",
    "Other",
    "Another",
    "Such",
    "Several",
    "How",
    "Why",
    "What",
    "Who",
    "Where",
    "It",
    "They",
    "We",
    "He",
    "She",
    "Laboratory",
    "Five",
    "Two",
    "Three",
    "Four",
    "One",
    "First",
    "Last",
    "New",
    "Recent",
    "Historic",
    "Growing",
    "Break",
    "Significance",
    "Team",
    "Up",
    "Record",
    "Today",
    "Yesterday",
    "Also",
    "Only",
    "But",
    "And",
    "Or",
    "Yet",
}
#: Capitalised adjectives that are not names before a cue noun ("the Korean mission").
ADJECTIVES = {
    "African",
    "American",
    "Arab",
    "Asian",
    "Crewed",
    "Eastern",
    "European",
    "International",
    "Joint",
    "Korean",
    "Lunar",
    "Manned",
    "Martian",
    "National",
    "Northern",
    "Robotic",
    "Solar",
    "Southern",
    "Soviet",
    "Uncrewed",
    "Western",
}
NOT_PLACES = {"Space", "Earth", "Orbit", "Politics", "Science", "History", "Congress"}
_SPACEY = re.compile(
    r"\b(?:Space|Aerospace|Aeronautics|Astronautics|Rocket|Satellite|Spaceflight|Cosmos|"
    r"Upper Atmosphere|Exploration)\b"
)
#: Head nouns that end a name, with the class they give it ("Agency?": a space agency if the
#: name has a space word, else an organisation).
_HEAD_FINAL: dict[str, str] = {
    **dict.fromkeys(["University", "College"], "University"),
    **dict.fromkeys(
        ["Institute", "Laboratory", "Laboratories", "Observatory"], "ResearchInstitute"
    ),
    **dict.fromkeys(
        ["Agency", "Administration", "Organisation", "Organization", "Commission", "Office"],
        "Agency?",
    ),
    **dict.fromkeys(
        [
            "Council",
            "Congress",
            "Committee",
            "Parliament",
            "Senate",
            "Association",
            "Society",
            "Foundation",
            "Federation",
            "Ministry",
            "Department",
            "Forum",
            "Consortium",
            "Union",
            "Academy",
            "Bureau",
        ],
        "Organisation",
    ),
    **dict.fromkeys(
        [
            "Industries",
            "Corporation",
            "Corp",
            "Inc",
            "Ltd",
            "Company",
            "Technologies",
            "Systems",
            "Dynamics",
            "Group",
            "Holdings",
        ],
        "Company",
    ),
    **dict.fromkeys(
        [
            "Cosmodrome",
            "Spaceport",
            "Launch Site",
            "Launch Center",
            "Launch Centre",
            "Space Centre",
            "Space Center",
            "Launch Complex",
        ],
        "LaunchSite",
    ),
    **dict.fromkeys(
        ["Network", "Facility", "Array", "Tracking Station", "Center", "Centre"], "Facility"
    ),
    **dict.fromkeys(["Amendment", "Act", "Law"], "Law"),
    **dict.fromkeys(["Treaty", "Accords", "Agreement", "Memorandum"], "Agreement"),
    **dict.fromkeys(
        [
            "Banner",
            "Province",
            "Prefecture",
            "County",
            "Crater",
            "Basin",
            "Planitia",
            "Desert",
            "Island",
            "Peninsula",
        ],
        "Place",
    ),
}
#: Head nouns that start a name.
_HEAD_FIRST = {
    "University": "University",
    "Institute": "ResearchInstitute",
    "Academy": "Organisation",
    "Mons": "Place",
    "Mare": "Place",
    "Oceanus": "Place",
    "Lacus": "Place",
    "Sinus": "Place",
    "Vallis": "Place",
    "Mount": "Place",
    "Montes": "Place",
}
#: Nouns after a name that give it a class ("Artemis II mission", "H3 rocket").
CUES: dict[str, str] = {
    "mission": "Mission",
    "missions": "Programme",
    "programme": "Programme",
    "program": "Programme",
    "rocket": "LaunchVehicle",
    "launcher": "LaunchVehicle",
    "launch vehicle": "LaunchVehicle",
    "module": "SpaceStationModule",
    "laboratory": "SpaceStationModule",
    "space station": "SpaceStation",
    "station": "SpaceStation",
    "spacecraft": "Spacecraft",
    "probe": "Spacecraft",
    "orbiter": "Spacecraft",
    "lander": "Spacecraft",
    "rover": "Spacecraft",
    "satellite": "Spacecraft",
    "cubesat": "Spacecraft",
    "cargo ship": "Spacecraft",
    "freighter": "Spacecraft",
    "smallsat": "Spacecraft",
    "telescope": "Spacecraft",
    "capsule": "Spacecraft",
    "robotic arm": "Spacecraft",
    "arm": "Spacecraft",
    "instrument": "Instrument",
    "camera": "Instrument",
    "spectrometer": "Instrument",
    "spectrograph": "Instrument",
    "imager": "Instrument",
    "sensor": "Instrument",
    "radiometer": "Instrument",
    "magnetometer": "Instrument",
}
_HEADS_LONGEST_FIRST = sorted(_HEAD_FINAL.items(), key=lambda kv: -len(kv[0]))
_FINALS = "|".join(sorted(map(re.escape, _HEAD_FINAL), key=len, reverse=True))
#: A run of words ending in a head noun, perhaps with "of …" after it.
HEAD_FINAL_RE = re.compile(
    rf"(?:{WORD} )+(?:{_FINALS})\b(?: (?:of|for) (?:the )?{WORD}(?: {WORD}){{0,2}})?"
)
#: What every match of :data:`HEAD_FINAL_RE` contains: a space, then a head noun.
HEAD_FINAL_WORD = re.compile(rf" (?:{_FINALS})\b")
#: The cue nouns as one alternation, longest first.
CUE_WORDS = "|".join(sorted((re.escape(c) for c in CUES), key=len, reverse=True))
#: Roles of persons ("former director", "lead scientist", "a planetary scientist").
#: The nouns of persons' roles.
ROLE_NOUN = (
    r"(?:director[- ]general|director|head|chief|administrator|president|professor|scientist"
    r"|researcher|engineer|astronaut|cosmonaut|taikonaut|lead|founder|chairman|chair"
    r"|spokesperson|spokesman|spokeswoman|minister|ambassador|envoy|secretary|manager|official"
    r"|expert|analyst|historian|commander|investigator|astronomer|astrophysicist|physicist"
    r"|geophysicist|geologist|economist|lecturer|fellow)"
)
ROLE = (
    r"(?:former |then-|deputy |chief |lead |senior |current |ex-|founding |principal )*"
    rf"(?:[a-z][a-z\-]+ |[A-Z][\w.\-]* ){{0,2}}{ROLE_NOUN}"
)
#: A person's name: two or three capitalised words ("AlMarri", "McKay" too), perhaps an initial.
#:
#: Possessive, as :data:`WORD` is atomic: a name's letters are never given back
#: one by one, since what follows a name in every pattern (a space, a comma,
#: nothing) cannot follow part of a word.
PERSON = (
    rf"[{UPPER}][{LOWER}]++(?:[{UPPER}][{LOWER}]++)?(?: [{UPPER}]\.)?"
    rf"(?: (?:van |de |von |da |di |del )?[{UPPER}][{LOWER}’'\-]++(?:[{UPPER}][{LOWER}]++)?){{1,2}}"
)

_FIRSTS = "|".join(_HEAD_FIRST)
#: "University of …", "Mons …": a head noun first.
HEAD_FIRST_RE = prefilter.compile(
    rf"\b(?:{_FIRSTS})(?: (?:of|for) (?:the )?| ){WORD}(?: {WORD}){{0,2}}"
)
_POSSESSIVE = re.compile(r"'s\b")


#: Head nouns that start a name only with "of" or "for" after them ("Laboratory for …").
_HEAD_FIRST_OF = {
    "Laboratory": "ResearchInstitute",
    "Laboratories": "ResearchInstitute",
    "Centre": "ResearchInstitute",  # "Centre for Astronomy and Astrophysics"
    "Center": "ResearchInstitute",
}
#: Cue nouns that, ending a multi-word name, give its class ("Emirates Mars Mission").
_CLASSING_CUES = {
    cue: cls
    for cue, cls in CUES.items()
    if cue not in ("station", "arm", "robotic arm", "laboratory", "launch vehicle")
}


@lru_cache(maxsize=1 << 14)
def classify_name(name: str) -> str | None:
    """The class a name's head noun implies, or None.

    >>> classify_name("Space Policy Institute"), classify_name("University of Tokyo")
    ('ResearchInstitute', 'University')
    >>> classify_name("Canadian Space Agency"), classify_name("US Trade Agency")
    ('SpaceAgency', 'Organisation')
    >>> classify_name("Emirates Mars Mission"), classify_name("Laboratory for Space Physics")
    ('Mission', 'ResearchInstitute')
    """
    words = name.split()
    if len(words) >= 2 and words[0] in _HEAD_FIRST:
        return _HEAD_FIRST[words[0]]
    if len(words) >= 3 and words[0] in _HEAD_FIRST_OF and words[1] in ("of", "for"):
        return _HEAD_FIRST_OF[words[0]]
    for head, cls in _HEADS_LONGEST_FIRST:
        if name.endswith(" " + head) or (name.endswith(head) and "-" in name):
            if cls == "Agency?":
                return "SpaceAgency" if _SPACEY.search(name) else "Organisation"
            return cls
    if len(words) >= 2:
        return _CLASSING_CUES.get(words[-1].lower())
    return None


def strip_stop(text: str, start: int) -> tuple[str, int]:
    """Drop leading capitalised function words ("The", "In", months) from a name."""
    words = text.split(" ")
    while words and words[0] in STOP:
        start += len(words[0]) + 1
        words = words[1:]
    return " ".join(words), start


def name_label(surface: str) -> str:
    """A label from a surface form: straight apostrophes, no possessive, one space."""
    text = surface.replace("’", "'").replace("‘", "'")
    text = _POSSESSIVE.sub("", text)
    return " ".join(text.strip(" '\"“”").split())
