"""Example deliveries of the evaluator's workbench: what was done per activity (``uitvoering``),
the evidence register (``bewijs``) and the assessment of the 2023 recommendations
(``opvolging_aanbevelingen``). Invented, like all example data, and free of personal names.

Intended outcomes (tests/test_execution.py and tests/test_evidence.py rely on them):

- every activity has a row for 2024 and 2025; Logistics Valley reports project work per theme
  (log-2 with the four themes in ``onderdeel``); vte-4 (LEADER) is 'nog niet' carried out;
- spend per activity equals ``begroting_realisatie`` except vte-2 in 2025, where the execution
  report says more than the accounts (so the book shows how it lists a contradiction);
- three of the six recommendations (a1, a2, a5) are assessed; the other three are not yet.
"""

from __future__ import annotations

import pandas as pd

from levanalysis.sources.example.model import seeded_rng

# (activity, onderdeel, done, count, unit, description) per year; None: no output counted.
_WORK = {
    2024: [
        ("vte-1", "", "ja", 26, "berichten", "Campagnes en berichten via Kijkverderindeliemers; beeldbank ingericht"),
        ("vte-2", "", "deels", 1, "informatiepunten", "Informatiepunt in de Fashion Outlet geopend; TIP's in voorbereiding"),
        ("vte-3", "", "deels", 3, "arrangementen", "Drie arrangementen met ondernemers rond funshoppen"),
        ("vte-4", "", "nog niet", None, None, "Eerste verkenning van LEADER met ondernemers gepland"),
        ("vte-5", "", "ja", 2, "agendapunten", "Impact RO-beleid op evenementen besproken in het ambtelijk overleg"),
        ("log-1", "", "ja", 6, "overleggen", "Bovenregionale lobby en bestuurlijk overleg"),
        ("log-2", "Arbeidsmarkt & onderwijs", "ja", 2, "projecten", "Project logistiek talent met het mbo"),
        ("log-2", "Innovatie & duurzaamheid", "ja", 1, "projecten", "Pilot zero-emissie stadslogistiek"),
        ("log-2", "Toekomstbestendige sector", "deels", None, None, "Verkenning gezamenlijke investeringen"),
        ("log-2", "Ruimte", "nog niet", None, None, "Gepland voor 2025"),
        ("log-3", "", "ja", 4, "themabijeenkomsten", "Themabijeenkomsten en een ontbijtsessie met bedrijfsbezoek"),
        ("log-4", "", "ja", 3, "werkbezoeken", "Collectieve werkbezoeken en de week van de logistiek"),
        ("maak-1", "", "ja", 1, "techniekdagen", "Techniekdag De Liemers met basis- en middelbare scholen"),
        ("maak-2", "", "deels", 2, "opleidingstrajecten", "Twee gezamenlijke opleidingstrajecten gestart"),
        ("maak-3", "", "ja", 1, "projecten", "Proeftuin circulaire kozijnen met bouw en installatie"),
    ],
    2025: [
        ("vte-1", "", "ja", 31, "berichten", "Campagnes, ook voor retail en de Fashion Outlet"),
        ("vte-2", "", "ja", 3, "informatiepunten", "Twee TIP's en het informatiepunt in de Fashion Outlet"),
        ("vte-3", "", "ja", 5, "arrangementen", "Plattegrond en toolbox voor ondernemers; vijf arrangementen"),
        ("vte-4", "", "deels", 1, "bijeenkomsten", "Informatiebijeenkomst LEADER voor ondernemers"),
        ("vte-5", "", "ja", 1, "agendapunten", "Vergunningen voor evenementen geagendeerd"),
        ("log-1", "", "ja", 5, "overleggen", "Bovenregionale lobby en bestuurlijk overleg"),
        ("log-2", "Arbeidsmarkt & onderwijs", "ja", 2, "projecten", "Vervolg logistiek talent; huisvesting arbeidsmigranten"),
        ("log-2", "Innovatie & duurzaamheid", "ja", 2, "projecten", "Netcongestie op bedrijventerreinen; zero-emissie"),
        ("log-2", "Toekomstbestendige sector", "ja", 1, "projecten", "Imagocampagne logistiek"),
        ("log-2", "Ruimte", "deels", 1, "projecten", "Visie toekomstbestendige bedrijventerreinen"),
        ("log-3", "", "ja", 5, "themabijeenkomsten", "Themabijeenkomsten, nieuwsbrieven en een ontbijtsessie"),
        ("log-4", "", "ja", 2, "werkbezoeken", "Werkbezoeken en de week van de logistiek"),
        ("maak-1", "", "ja", 1, "techniekdagen", "Techniekdag De Liemers"),
        ("maak-2", "", "ja", 3, "opleidingstrajecten", "Drie gezamenlijke opleidingstrajecten"),
        ("maak-3", "", "deels", 1, "projecten", "Energiehub bedrijventerrein"),
    ],
}
_EVIDENCE_FOR = {"vte-1": "b-001", "vte-2": "b-003", "log-2": "b-004", "log-3": "b-004", "maak-2": "b-005"}
# The one contradiction on purpose: the execution report names more than the accounts.
_REPORTED_EXTRA = {("vte-2", 2025): 1500.0}


def uitvoering_table(actuals: pd.DataFrame) -> pd.DataFrame:
    """One row per activity (and Logistics Valley theme) and year, 2024-2025.

    ``actuals`` is the example ``begroting_realisatie``: spend is taken from it for the activity
    that carries its budget line's code, so the two deliveries agree except where noted.
    """
    rng = seeded_rng("uitvoering")
    spend = {(str(a), int(y)): float(b) for y, a, b in actuals.itertuples(index=False, name=None)}
    rows = []
    for year, work in _WORK.items():
        for activity, part, done, count, unit, description in work:
            amount = spend.get((activity, year)) if part == "" else None
            if amount is not None:
                amount += _REPORTED_EXTRA.get((activity, year), 0.0)
            hours = int(round(rng.uniform(40, 260))) if done != "nog niet" else None
            source = ("jaarrapportage Logistics Valley " if activity.startswith("log") else
                      "jaarverslag Liemerse Ambassade ") + str(year)
            rows.append((activity, year, part, done, count, unit, description, amount, hours, source,
                         _EVIDENCE_FOR.get(activity, "b-001" if year == 2024 else "b-002")))
    return pd.DataFrame(rows, columns=["activiteit", "jaar", "onderdeel", "uitgevoerd", "aantal", "eenheid",
                                       "omschrijving", "bedrag_eur", "uren", "bron", "bewijs"])


def bewijs_table() -> pd.DataFrame:
    """Six pieces of evidence: documents, interviews and an observation; roles, never names."""
    rows = [
        ("b-001", "document", "15-03-2025", "Liemerse Ambassade", "programmamanager",
         "Jaarverslag 2024 met de activiteiten en uitgaven per speerpunt.", "vte-1, maak-1, a5"),
        ("b-002", "interview", "2025-10-02", "gemeente Zevenaar", "beleidsmedewerker economische zaken",
         "De gemeenten zien meer ondernemers aan tafel, het onderwijs nog weinig.", "a6, vte-3"),
        ("b-003", "observatie", "2025-06-14", "Fashion Outlet Zevenaar", "bezoek van de evaluator",
         "Het informatiepunt is open en verwijst naar Kijkverderindeliemers.", "vte-2, a4"),
        ("b-004", "document", "2025-02-20", "Stichting Logistics Valley", "directeur",
         "Jaarrapportage 2024 van Logistics Valley met projecten per thema.", "log-2, log-3, a3"),
        ("b-005", "interview", "2025-09-18", "Techniekcampus De Liemers", "docent techniek",
         "Twee opleidingstrajecten met maakbedrijven lopen; instroom stijgt licht.", "maak-2, maak-studenten"),
        ("b-006", "document", "2024-04-16", "Liemerse Ambassade", "directeur",
         "Dienstverleningsovereenkomst LEV 2024-2026 tussen de gemeenten en de Liemerse Ambassade.", "a5, a2"),
    ]
    return pd.DataFrame(rows, columns=["id", "soort", "datum", "organisatie", "rol", "samenvatting", "betreft"])


def opvolging_table() -> pd.DataFrame:
    """The evaluator's assessment of three of the six recommendations, at the 2025 interim."""
    rows = [
        ("a1", 2025, "opgevolgd", "De drie speerpunten zijn gebleven; er is geen nieuw speerpunt bijgekomen.", "b-001"),
        ("a2", 2025, "deels opgevolgd",
         "De arbeidsmarkt staat centraal en er lopen opleidingstrajecten; de kwartiermaker is nog niet aangesteld.",
         "b-005, b-006"),
        ("a5", 2025, "opgevolgd", "De Liemerse Ambassade voert de LEV uit op basis van een dienstverleningsovereenkomst.",
         "b-006"),
    ]
    return pd.DataFrame(rows, columns=["aanbeveling", "jaar", "oordeel", "toelichting", "bewijs"])
