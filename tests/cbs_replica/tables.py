"""The replica's tables, shaped like the real CBS tables as far as public evidence goes.

From notes/cbs-verified.md: numeric SBI keys with titles that open with the SBI letter
(307500 "C Industrie"), 83582NED with sections and aggregates only (no 47) and with the
dissolved municipality Rijnwaarden (GM0196, no figures after 2017), 83583NED (NL only, with 47 =
371600 and Bedrijfsgrootte total T001098), 85925NED with measures titled as in its predecessor
(keys unknown, so invented here, and different in v3 and v4), 82058NED whose first topic group
is hotels only, 82059NED with 'Totaal logiesaccommodaties' and 'Totaal landen', the COROP codes
(CR15 Arnhem/Nijmegen, CR14 Achterhoek, CR22 Zaanstreek), suppressed cells (null) and a
70072NED-like table whose periods carry no status (only a description) and which is on v3 only.

Figures are invented but deterministic: the constants below let a test work out an expected
value by hand (see :func:`jobs_2023`, :data:`NL_NIGHTS`).
"""

from __future__ import annotations

import zlib

from cbs_replica.model import Code, Dim, Group, MeasureDef, Table

SBI_DIM = "BedrijfstakkenBranchesSBI2008"
LIEMERS = ("GM0299", "GM0221", "GM0226", "GM0293", "GM1955")
REGION_TITLES = {
    "NL01": "Nederland", "LD02": "Oost-Nederland (LD)", "PV25": "Gelderland (PV)",
    "CR14": "Achterhoek (CR)", "CR15": "Arnhem/Nijmegen (CR)", "CR22": "Zaanstreek (CR)",
    "GM0202": "Arnhem", "GM0196": "Rijnwaarden", "GM0221": "Doesburg", "GM0226": "Duiven",
    "GM0293": "Westervoort", "GM0299": "Zevenaar", "GM1955": "Montferland", "TR08": "Veluwe (TR)",
}
# Seen keys (notes/cbs-verified.md), title as CBS writes it.
SECTIONS = {
    "A": ("301000", "A Landbouw, bosbouw en visserij"), "B": ("305700", "B Delfstoffenwinning"),
    "C": ("307500", "C Industrie"), "D": ("346600", "D Energievoorziening"),
    "E": ("348000", "E Waterbedrijven en afvalbeheer"), "F": ("350000", "F Bouwnijverheid"),
    "G": ("354200", "G Handel"), "H": ("383100", "H Vervoer en opslag"), "I": ("389100", "I Horeca"),
    "J": ("391600", "J Informatie en communicatie"), "K": ("396300", "K Financiële dienstverlening"),
    "L": ("402000", "L Verhuur en handel van onroerend goed"),
    "M": ("403300", "M Specialistische zakelijke diensten"),
    "N": ("410200", "N Verhuur en overige zakelijke diensten"),
    "O": ("417400", "O Openbaar bestuur en overheidsdiensten"), "P": ("419000", "P Onderwijs"),
    "Q": ("422400", "Q Gezondheids- en welzijnszorg"), "R": ("428100", "R Cultuur, sport en recreatie"),
    "S": ("435500", "S Overige dienstverlening"), "T": ("440000", "T Huishoudens als werkgever"),
    "U": ("440900", "U Extraterritoriale organisaties"),
}
AGGREGATES = {
    "T001081": ("A-U Alle economische activiteiten", "ABCDEFGHIJKLMNOPQRSTU"),
    "300003": ("B-F Nijverheid en energie", "BCDEF"), "300002": ("B-E Nijverheid (geen bouw) en energie", "BCDE"),
    "300007": ("G-N Commerciële dienstverlening", "GHIJKLMN"), "300006": ("G-I Handel, vervoer en horeca", "GHI"),
    "300010": ("M-N Zakelijke dienstverlening", "MN"), "300013": ("O-U Niet-commerciële dienstverlening", "OPQRSTU"),
    "300012": ("O-Q Overheid en zorg", "OPQ"), "300014": ("R-U Cultuur, recreatie, overige diensten", "RSTU"),
}
# Divisions: only 47 (371600) is a seen key; the others are invented for the replica.
DIVISIONS = {
    "45": ("354300", "45 Handel in en reparatie van auto's", "G", 0.13),
    "46": ("357300", "46 Groothandel en handelsbemiddeling", "G", 0.34),
    "47": ("371600", "47 Detailhandel (niet in auto's)", "G", 0.53),
    "55": ("389200", "55 Logiesverstrekking", "I", 0.2),
    "56": ("389500", "56 Eet- en drinkgelegenheden", "I", 0.8),
}
SECTION_SHARES = {"A": .02, "B": .001, "C": .10, "D": .004, "E": .006, "F": .05, "G": .16, "H": .05, "I": .06,
                  "J": .04, "K": .03, "L": .01, "M": .07, "N": .10, "O": .06, "P": .07, "Q": .17, "R": .02,
                  "S": .015, "T": .001, "U": .0}
# Employee jobs in 2023, x 1 000 (all activities).
JOBS_LEVEL = {"NL01": 9000.0, "PV25": 1000.0, "CR14": 165.0, "CR15": 330.0, "CR22": 60.0, "GM0202": 100.0,
              "GM0299": 17.0, "GM1955": 12.0, "GM0226": 11.0, "GM0293": 4.3, "GM0221": 3.5}
RIJNWAARDEN_LEVEL = 1.8  # before 2018; Zevenaar without it was JOBS_LEVEL - 1.8
JOBS_GROWTH = 0.015


def jitter(*parts: object) -> float:
    """A stable number in [-0.5, 0.5) for a cell: figures differ without randomness."""
    return zlib.crc32("|".join(map(str, parts)).encode()) / 2**32 - 0.5


def periods(first: int, last: int, statuses: dict[int, str | None] | None = None,
            default: str | None = "Definitief", months: int = 0) -> Dim:
    statuses = statuses or {}
    codes = [Code(f"{y}JJ00", str(y), None, statuses.get(y, default)) for y in range(first, last + 1)]
    names = ("januari", "februari", "maart", "april", "mei", "juni")
    codes += [Code(f"{last}MM{m:02d}", f"{last} {names[m - 1]}", None, statuses.get(last, default))
              for m in range(1, months + 1)]
    return Dim("Perioden", "TimeDimension", "Perioden", codes)


def regions(codes: list[str]) -> Dim:
    return Dim("RegioS", "GeoDimension", "Regio's", [Code(c, REGION_TITLES[c]) for c in codes], pad=10)


def sbi(codes: list[str]) -> tuple[Dim, dict[str, str]]:
    """The SBI dimension (keys padded to 7 in v3) and key -> letter/division code."""
    out, letters = [], {}
    for code in codes:
        if code in SECTIONS:
            key, title = SECTIONS[code]
        elif code in DIVISIONS:
            key, title = DIVISIONS[code][:2]
        else:
            key, title = code, AGGREGATES[code][0]
        out.append(Code(key, title))
        letters[key] = code
    return Dim(SBI_DIM, "Dimension", "Bedrijfstakken/branches (SBI 2008)", out, pad=7), letters


def share(code: str) -> float:
    """Share of all jobs (or establishments) in an SBI code: sections, aggregates and divisions."""
    if code in SECTION_SHARES:
        return SECTION_SHARES[code]
    if code in DIVISIONS:
        _, _, section, part = DIVISIONS[code]
        return SECTION_SHARES[section] * part
    return sum(SECTION_SHARES[s] for s in AGGREGATES[code][1])


# 83582NED's categories in CBS's order: sections and aggregates (aggregates by key).
ALL_SBI = ["T001081", "A", "300003", "300002", "B", "C", "D", "E", "F", "300007", "300006", "G", "H", "I", "J", "K",
           "L", "300010", "M", "N", "300013", "300012", "O", "P", "Q", "300014", "R", "S", "T", "U"]


def jobs_2023(region: str, code: str) -> float:
    """83582NED's 2023 figure before rounding and jitter (x 1 000), for expectations by hand."""
    return JOBS_LEVEL[region] * share(code)


# --- 83582NED --------------------------------------------------------------------------------------

JOBS_MEASURE = MeasureDef("BanenVanWerknemersInDecember_1", "M000200_2", "Banen van werknemers in december",
                          "x 1 000", 1)


def _jobs_value(region: str, year: int, section: str) -> float | None:
    if region == "GM0196":
        if year >= 2018 or section in ("B", "D", "T", "U"):
            return None  # dissolved into Zevenaar; small sections confidential
        level = RIJNWAARDEN_LEVEL
    else:
        level = JOBS_LEVEL[region] - (RIJNWAARDEN_LEVEL if region == "GM0299" and year < 2018 else 0.0)
    if region.startswith("GM") and section in ("B", "D", "T", "U"):
        return None
    if (region, section) == ("GM0221", "R") and year <= 2019:
        return None
    if (region, section) == ("GM0293", "R") and year in (2020, 2021):
        return None
    if (region, section, year) == ("CR14", "D", 2019):
        return None
    value = level * share(section) * (1 + JOBS_GROWTH) ** (year - 2023) * (1 + 0.02 * jitter(region, year, section))
    return round(value, 1)


def jobs_table() -> Table:
    region_codes = ["NL01", "PV25", "CR14", "CR15", "CR22", "GM0202", "GM0196", "GM0221", "GM0226", "GM0293",
                    "GM0299", "GM1955"]
    sbi_dim, letters = sbi(ALL_SBI)
    table = Table("83582NED", "Banen van werknemers in december; economische activiteit (SBI2008), regio",
                  "2025-06-27T02:00:00", [regions(region_codes), periods(2010, 2024, {2024: "Voorlopig"}), sbi_dim],
                  [JOBS_MEASURE])
    for region in region_codes:
        for year in range(2010, 2025):
            for key, code in letters.items():
                table.cells[(region, f"{year}JJ00", key)] = {JOBS_MEASURE.v4_id: _jobs_value(region, year, code)}
    return table


# --- 83583NED --------------------------------------------------------------------------------------

SIZE_CLASSES = {"T001098": ("Totaal", 1.0), "21011": ("0 tot 10 werknemers", 0.25),
                "21012": ("10 tot 100 werknemers", 0.35), "21013": ("100 of meer werknemers", 0.40)}
NATIONAL_JOBS_MEASURE = MeasureDef("BanenVanWerknemers_1", "M001187", "Banen van werknemers", "x 1 000", 1)


def national_jobs(code: str, year: int, size: str = "T001098") -> float:
    """83583NED's figure (x 1 000): NL level x share x growth x size share, rounded; no jitter."""
    return round(JOBS_LEVEL["NL01"] * share(code) * (1 + JOBS_GROWTH) ** (year - 2023) * SIZE_CLASSES[size][1], 1)


def national_jobs_table() -> Table:
    g, i = ALL_SBI.index("G"), ALL_SBI.index("I")
    codes = [*ALL_SBI[: g + 1], "45", "46", "47", *ALL_SBI[g + 1: i + 1], "55", "56", *ALL_SBI[i + 1:]]
    sbi_dim, letters = sbi(codes)
    size = Dim("Bedrijfsgrootte", "Dimension", "Bedrijfsgrootte", [Code(k, t) for k, (t, _) in SIZE_CLASSES.items()])
    table = Table("83583NED", "Banen van werknemers; bedrijfsgrootte en economische activiteit",
                  "2025-06-27T02:00:00", [sbi_dim, size, periods(2010, 2024, {2024: "Voorlopig"})],
                  [NATIONAL_JOBS_MEASURE])
    for key, code in letters.items():
        for size_key in SIZE_CLASSES:
            for year in range(2010, 2025):
                table.cells[(key, size_key, f"{year}JJ00")] = {NATIONAL_JOBS_MEASURE.v4_id: national_jobs(code, year, size_key)}
    return table


# --- 81575NED / 81578NED ----------------------------------------------------------------------------

ESTABLISHMENTS_LEVEL = {"GM0299": 3500, "GM1955": 2800, "GM0226": 2200, "GM0293": 1100, "GM0221": 1000,
                        "GM0196": 800, "GM0202": 16000, "NL01": 2_300_000, "LD02": 480_000, "PV25": 250_000,
                        "CR14": 40_000, "CR15": 75_000, "CR22": 12_000}


def establishments(region: str, year: int, code: str) -> float | None:
    """Establishments on 1 January, rounded to fives as CBS does."""
    if region == "GM0196" and year >= 2018:
        return None
    value = ESTABLISHMENTS_LEVEL[region] * share(code) * 1.02 ** (year - 2023)
    return float(5 * round(value / 5))


def _establishments_table(table_id: str, title: str, region_codes: list[str], sbi_codes: list[str],
                          measure: MeasureDef) -> Table:
    sbi_dim, letters = sbi(sbi_codes)
    table = Table(table_id, title, "2026-03-20T02:00:00",
                  [regions(region_codes), periods(2007, 2026, {2026: "Voorlopig"}), sbi_dim], [measure])
    for region in region_codes:
        for year in range(2007, 2027):
            for key, code in letters.items():
                table.cells[(region, f"{year}JJ00", key)] = {measure.v4_id: establishments(region, year, code)}
    return table


def municipal_establishments_table() -> Table:
    # Sections only, municipalities only: no Nederland, no province.
    return _establishments_table(
        "81575NED", "Vestigingen van bedrijven; bedrijfstak, gemeente",
        ["GM0196", "GM0202", "GM0221", "GM0226", "GM0293", "GM0299", "GM1955"], ["T001081", *SECTIONS],
        MeasureDef("Vestigingen_1", "M000371", "Vestigingen", "aantal", 0))


def regional_establishments_table() -> Table:
    codes = ["T001081", "A", "B", "C", "D", "E", "F", "G", "45", "46", "47", "H", "I", "55", "56", "J", "K", "L",
             "M", "N", "O", "P", "Q", "R", "S", "T", "U"]
    return _establishments_table(
        "81578NED", "Vestigingen van bedrijven; bedrijfstak, regio",
        ["NL01", "LD02", "PV25", "CR14", "CR15", "CR22"], codes,
        MeasureDef("Vestigingen_1", "M000371", "Vestigingen", "aantal", 0))


# --- 85925NED ---------------------------------------------------------------------------------------

# Labour years 2023 (x 1 000) and value added per labour year (euro) by SBI code.
LABOUR_2023 = {"T001081": 7400.0, "300002": 850.0, "C": 790.0, "F": 430.0, "H": 370.0, "I": 330.0, "R": 140.0}
PRODUCTIVITY_2023 = {"T001081": 128_000.0, "300002": 160_000.0, "C": 150_000.0, "F": 110_000.0, "H": 105_000.0,
                     "I": 52_000.0, "R": 80_000.0}
PRODUCTIVITY_GROWTH = 0.03
REGION_LABOUR_SHARE = {"NL01": 1.0, "LD02": 0.2, "PV25": 0.11, "CR14": 0.018, "CR15": 0.037, "CR22": 0.009}
REGION_PRODUCTIVITY = {"NL01": 1.0, "LD02": 0.95, "PV25": 0.93, "CR14": 0.9, "CR15": 0.96, "CR22": 0.97}
PRODUCTION_GROUPS = [Group(1, "Productieproces"), Group(2, "Arbeidsvolume")]
PRODUCTION_MEASURES = [
    MeasureDef("ProductieBasisprijzen_1", "M003001", "Productie basisprijzen", "mln euro", 0, 1),
    MeasureDef("IntermediairVerbruik_2", "M003002", "Intermediair verbruik", "mln euro", 0, 1),
    MeasureDef("BrutoToegevoegdeWaardeBasisprijzen_3", "M003003", "Bruto toegevoegde waarde basisprijzen",
               "mln euro", 0, 1),
    MeasureDef("BeloningVanWerknemers_4", "M003004", "Beloning van werknemers", "mln euro", 0, 1),
    MeasureDef("ArbeidsvolumeTotaal_5", "M003005", "Arbeidsvolume totaal", "1 000 arbeidsjaren", 1, 2),
    MeasureDef("ArbeidsvolumeWerknemers_6", "M003006", "Arbeidsvolume werknemers", "1 000 arbeidsjaren", 1, 2),
]


def production(region: str, year: int, key: str) -> tuple[float, float] | None:
    """(value added mln euro, labour years x 1 000) of a cell (``key``: section letter or
    aggregate key); None where CBS publishes nothing: section C in COROP areas (only B-E there)."""
    if region.startswith("CR") and key == "C":
        return None
    labour = round(LABOUR_2023[key] * REGION_LABOUR_SHARE[region] * 1.01 ** (year - 2023), 1)
    per_year = PRODUCTIVITY_2023[key] * REGION_PRODUCTIVITY[region] * (1 + PRODUCTIVITY_GROWTH) ** (year - 2023)
    return float(round(labour * 1000 * per_year / 1e6)), labour


def production_table() -> Table:
    region_codes = ["NL01", "LD02", "PV25", "CR14", "CR15", "CR22"]
    sbi_dim, letters = sbi(list(LABOUR_2023))
    table = Table("85925NED", "Productieproces; bedrijfstak en regio, nationale rekeningen", "2025-12-19T02:00:00",
                  [sbi_dim, regions(region_codes),
                   periods(2015, 2024, {2023: "Nader voorlopig", 2024: "Voorlopig"})],
                  PRODUCTION_MEASURES, PRODUCTION_GROUPS, reason_delivery="Nieuwe tabel (revisie 2024)")
    ids = [m.v4_id for m in PRODUCTION_MEASURES]
    for key, code in letters.items():
        for region in region_codes:
            for year in range(2015, 2025):
                cell = production(region, year, code)
                if cell is None:
                    values = dict.fromkeys(ids)
                else:
                    value_added, labour = cell
                    values = {ids[0]: value_added * 1.9, ids[1]: value_added * 0.9, ids[2]: value_added,
                              ids[3]: value_added * 0.55, ids[4]: labour, ids[5]: round(labour * 0.85, 1)}
                table.cells[(key, region, f"{year}JJ00")] = values
    return table


# --- 82058NED / 82059NED ------------------------------------------------------------------------------

# Nights in all accommodation in Nederland, x 1 000 (2022 about 127 million, as CBS published).
NL_NIGHTS = {2012: 93_500.0, 2013: 95_100.0, 2014: 98_300.0, 2015: 101_480.0, 2016: 104_760.0, 2017: 110_930.0,
             2018: 116_210.0, 2019: 120_340.0, 2020: 75_120.0, 2021: 84_870.0, 2022: 127_000.0, 2023: 131_200.0,
             2024: 133_900.0, 2025: 136_100.0}
GUESTS_PER_NIGHT = 49_700.0 / 131_200.0  # 2023: 49.7 million guests
ACCOMMODATION = {"T001025": ("Totaal logiesaccommodaties", 1.0),
                 "A047812": ("Hotels, pensions en jeugdaccommodaties", 0.36),
                 "A047815": ("Huisjes en bungalowparken", 0.34), "A047813": ("Kampeerterreinen", 0.22),
                 "A047814": ("Groepsaccommodaties", 0.08)}
COUNTRIES = {"T001047": ("Totaal landen", 1.0), "L008530": ("Nederland", 0.62), "L008531": ("Buitenland", 0.38)}
ACCOMMODATION_REGIONS = {"NL01": 1.0, "LD02": 0.22, "PV25": 0.095, "TR08": 0.06}
NIGHTS_MEASURES = [MeasureDef("Gasten_1", "M001934", "Gasten", "x 1 000", 0),
                   MeasureDef("Overnachtingen_2", "M001935", "Overnachtingen", "x 1 000", 0)]


def accommodation_nights(year: int, accommodation: str = "T001025", country: str = "T001047",
                         region: str = "NL01") -> float:
    """82059NED's nights (x 1 000) of a yearly cell."""
    return round(NL_NIGHTS[year] * ACCOMMODATION[accommodation][1] * COUNTRIES[country][1]
                 * ACCOMMODATION_REGIONS[region], 0)


def accommodation_table() -> Table:
    dims = [Dim("Logiesvormen", "Dimension", "Logiesvormen", [Code(k, t) for k, (t, _) in ACCOMMODATION.items()]),
            Dim("WoonlandVanGasten", "Dimension", "Woonland van gasten", [Code(k, t) for k, (t, _) in COUNTRIES.items()]),
            regions(list(ACCOMMODATION_REGIONS)), periods(2012, 2025, {2025: "Voorlopig"}, months=6)]
    table = Table("82059NED", "Logiesaccommodaties; gasten, nachten, woonland, logiesvorm, regio",
                  "2026-03-12T02:00:00", dims, NIGHTS_MEASURES)
    for a in ACCOMMODATION:
        for c in COUNTRIES:
            for r in ACCOMMODATION_REGIONS:
                for period in dims[3].codes:
                    year, monthly = int(period.code[:4]), "MM" in period.code
                    nights = accommodation_nights(year, a, c, r)
                    nights = round(nights / 12, 0) if monthly else nights
                    table.cells[(a, c, r, period.code)] = {"M001934": round(nights * GUESTS_PER_NIGHT, 0),
                                                           "M001935": nights}
    return table


HOTEL_SHARE = ACCOMMODATION["A047812"][1]
HOTEL_GROUPS = [Group(1, "Hotels/pensions/jeugdaccommodaties"), Group(2, "Gasten", 1), Group(3, "Overnachtingen", 1),
                Group(4, "Kampeerterreinen"), Group(5, "Gasten", 4), Group(6, "Overnachtingen", 4)]
HOTEL_MEASURES = [
    MeasureDef("Totaal_1", "M002001", "Totaal", "x 1 000", 0, 2),
    MeasureDef("Nederland_2", "M002002", "Nederland", "x 1 000", 0, 2),
    MeasureDef("Totaal_4", "M002004", "Totaal", "x 1 000", 0, 3),
    MeasureDef("Nederland_5", "M002005", "Nederland", "x 1 000", 0, 3),
    MeasureDef("Totaal_8", "M002008", "Totaal", "x 1 000", 0, 5),
    MeasureDef("Totaal_11", "M002011", "Totaal", "x 1 000", 0, 6),
]


def hotel_table() -> Table:
    """82058NED: key figures, NL only; the first topic group is hotels, pensions and youth hostels."""
    table = Table("82058NED", "Logiesaccommodaties; gasten, overnachtingen, bezettingsgraad, kerncijfers",
                  "2026-03-12T02:00:00", [periods(2015, 2025, {2025: "Voorlopig"}, months=6)], HOTEL_MEASURES,
                  HOTEL_GROUPS)
    for period in table.dims[0].codes:
        year = int(period.code[:4])
        hotel = NL_NIGHTS[year] * HOTEL_SHARE / (12 if "MM" in period.code else 1)
        camping = NL_NIGHTS[year] * ACCOMMODATION["A047813"][1] / (12 if "MM" in period.code else 1)
        table.cells[(period.code,)] = {
            "M002001": round(hotel * 0.5, 0), "M002002": round(hotel * 0.3, 0), "M002004": round(hotel, 0),
            "M002005": round(hotel * 0.6, 0), "M002008": round(camping * 0.2, 0), "M002011": round(camping, 0),
        }
    return table


# --- 70072NED-like: no machine-readable period status ------------------------------------------------


def key_figures_table() -> Table:
    provisional = "Uitkomsten zijn voorlopig over: Bedrijfsvestigingen"
    time = periods(2022, 2026, default=None)
    for code in time.codes:
        if code.code in ("2025JJ00", "2026JJ00"):
            code.description = provisional
    measure = MeasureDef("TotaalBedrijfsvestigingen_1", "M004001", "Totaal bedrijfsvestigingen", "aantal", 0, 1)
    table = Table("70072NED", "Regionale kerncijfers Nederland", "2026-05-01T02:00:00",
                  [regions(["NL01", *LIEMERS]), time], [measure], [Group(1, "Bedrijfsvestigingen")],
                  apis=frozenset({"v3"}))
    for region in ("NL01", *LIEMERS):
        for code in time.codes:
            level = ESTABLISHMENTS_LEVEL[region]
            table.cells[(region, code.code)] = {"M004001": float(5 * round(level * 1.02 ** (int(code.code[:4]) - 2023) / 5))}
    return table


def replica_tables() -> list[Table]:
    return [jobs_table(), national_jobs_table(), municipal_establishments_table(), regional_establishments_table(),
            production_table(), accommodation_table(), hotel_table(), key_figures_table()]
