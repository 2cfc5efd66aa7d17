"""Personal data in a delivery the public book shows: e-mail addresses, telephone numbers and
what looks like a person's name.

The heuristic (documented for suppliers in ``data/definitions/privacy.yaml``) prefers a false
alarm to a leak: a refused organisation name costs the supplier one edit, a published name cannot
be taken back. :func:`personal_data_findings` returns the reason for one cell, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from levanalysis.definitions import region as _region
from levanalysis.paths import DATA_ROOT

PRIVACY_YAML = DATA_ROOT / "definitions" / "privacy.yaml"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Dutch numbers: 06-12345678, 0316 123456, 0316-123456, +31 6 12345678, 0031 316 123456.
PHONE = re.compile(r"(?<![\w.,])(?:\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?![\w.,])")
_CAPITALISED = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*"
INITIALS = re.compile(rf"\b(?:[A-Z]\.\s?){{1,4}}(?:(?:van|de|der|den|ter|ten|te|het)\s+)*{_CAPITALISED}")
# A form of address before a capitalised word; abbreviations only with their dot ('mr' alone is
# also a word), the name itself must start with a capital.
ADDRESS = re.compile(
    rf"\b(?i:dhr|mevr|mw|mr|dr|ir|drs|ing)\.\s*(?:(?i:van|de|der|den|ter|ten)\s+)*{_CAPITALISED}"
    rf"|\b(?i:de heer|mevrouw|meneer)\s+(?:(?i:van|de|der|den|ter|ten)\s+)*{_CAPITALISED}"
)
# Between the parts of a Dutch name; they neither count as name words nor break a run.
TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "von", "le", "la", "du"})
_WORD = re.compile(r"[A-Za-zÀ-ÿ'][A-Za-zÀ-ÿ'-]*|\S")
_NAME_WORD = re.compile(rf"^{_CAPITALISED}$")


@dataclass(frozen=True)
class PrivacyRules:
    name_columns: frozenset[str]
    known_words: frozenset[str]


@cache
def privacy_rules() -> PrivacyRules:
    """The known words of ``privacy.yaml`` plus the region's municipality and region names."""
    raw = yaml.safe_load(PRIVACY_YAML.read_text(encoding="utf-8")) or {}
    known = {str(w).casefold() for w in raw.get("known_words") or ()}
    region = _region.load_region()
    for name in [*region.names, region.name, *region.uwv_regions]:
        known.update(part.casefold() for part in re.split(r"[\s-]+", name) if part)
    return PrivacyRules(frozenset(str(c) for c in raw.get("name_columns") or ()), frozenset(known))


def name_like_run(text: str, known: frozenset[str]) -> str | None:
    """The first run of two or more capitalised, unknown words ('Jan de Vries'), or None."""
    run: list[str] = []
    pending: list[str] = []  # tussenvoegsels seen inside a run, shown only if the run goes on
    for token in _WORD.findall(text):
        lower = token.casefold()
        if run and lower in TUSSENVOEGSELS:
            pending.append(token)
            continue
        if _NAME_WORD.match(token) and lower not in known and lower not in TUSSENVOEGSELS:
            run += [*pending, token]
            pending = []
            continue
        if sum(1 for w in run if w.casefold() not in TUSSENVOEGSELS) >= 2:
            return " ".join(run)
        run, pending = [], []
    if sum(1 for w in run if w.casefold() not in TUSSENVOEGSELS) >= 2:
        return " ".join(run)
    return None


def personal_data_finding(column: str, text: str) -> str | None:
    """Why a cell looks like personal data (Dutch, for the supplier), or None when it does not."""
    if not text:
        return None
    if m := EMAIL.search(text):
        return f"'{m.group(0)}' is een e-mailadres; het boek is openbaar: laat het weg."
    if m := PHONE.search(text):
        return f"'{m.group(0)}' lijkt een telefoonnummer; het boek is openbaar: laat het weg."
    if m := ADDRESS.search(text):
        return f"'{m.group(0)}' lijkt een persoon (aanspreekvorm met naam); noem de functie of de organisatie."
    if m := INITIALS.search(text):
        return f"'{m.group(0)}' lijkt een naam (voorletters met achternaam); noem de functie of de organisatie."
    rules = privacy_rules()
    if column in rules.name_columns and (run := name_like_run(text, rules.known_words)):
        return (
            f"'{run}' lijkt een persoonsnaam (twee of meer woorden met een hoofdletter die geen bekende "
            "organisatie-, plaats- of functiewoorden zijn). Het boek is openbaar: noem de functie of de soort "
            "organisatie. Is het wel een organisatienaam, zet het kenmerkende woord dan in "
            "data/definitions/privacy.yaml (known_words)."
        )
    return None
