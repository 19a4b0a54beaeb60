#!/usr/bin/env python3
"""Build the drug law tables of the Clemency law data (USSG §2D1.1) as CSV files.

Reads the shared, source-cited CSVs in /work/shared/data (override with CLEMENCY_SHARED)
and the hand-entered rows below, which transcribe /work/shared/reference/law.md (each block
cites its section). Writes, into Sources/ClemencyLawData/Law/:

  drug_quantity_table.csv     USSG §2D1.1(c) Drug Quantity Table, one row per band and regime
  drug_equivalency_table.csv  §2D1.1 comment. (n.8(D)) marihuana equivalents ("converted drug weight")
  equivalency_provisos.csv    schedule caps and minimum levels of the equivalency tables
  crack_combination_rules.csv 2007-2010 rules for cocaine base combined with other drugs
  substances.csv              every substance id used above, with units, aliases and greater-of groups

Conventions: dates are ISO; an empty effective_to means still in force; effective_to is the
last day in force (inclusive). Weights are grams, counts are units, volumes are ml. Quantities
are plain decimals. `confirmed` is "yes" only where the number is stated by a source for that
period; "no" marks an inference, and `source` says why.

"row N" in a source citation counts the data rows of the shared CSV from 1 (the header is not
counted). Standard library only. Run: python3 scripts/law-data/build_drug_tables.py
"""

from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

SHARED = Path(os.environ.get("CLEMENCY_SHARED", "/work/shared"))
DATA = SHARED / "data"
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "Sources" / "ClemencyLawData" / "Law"

DQT_CSV = "ussg2016_drug_quantity_table.csv"
EQ_CSV = "ussg2016_drug_equivalency_table.csv"
CRACK_CSV = "ussg_crack_cocaine_dqt_history.csv"

# Regime boundaries (law.md §2.1).
D1994 = "1994-11-01"   # Amdt 505: DQT capped at level 38
D1997 = "1997-11-01"   # Amdt 555: meth mixture bands halved; meth 1 g = 2 kg
D2000 = "2000-11-01"   # Amdt 594: meth actual / Ice bands halved; 1 g = 20 kg
D2001 = "2001-05-01"   # Amdts 610, 611, 612 (App. C Vol. II; see the equivalency overrides)
D2007 = "2007-11-01"   # Amdt 706 (+711), Amdt 705
D2008 = "2008-05-01"   # Amdt 715
D2010 = "2010-11-01"   # Amdt 748 (re-promulgated as 750 on 2011-11-01)
D2014 = "2014-11-01"   # Amdt 782


def day_before(iso: str) -> str:
    """The ISO date one day before `iso` (all boundaries here are first days of a month)."""
    import datetime
    d = datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)
    return d.isoformat()


def dec(text) -> Decimal:
    return Decimal(str(text).replace(",", "").strip())


def fmt(d: Decimal | None) -> str:
    """Plain decimal, no exponent, no trailing zeros, at most six decimal places."""
    if d is None:
        return ""
    s = format(d.normalize(), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    assert re.fullmatch(r"\d+(\.\d{1,6})?", s), f"bad quantity {d!r} -> {s!r}"
    return s


def read_csv(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------
# 1. Drug Quantity Table
# ---------------------------------------------------------------------------------------------

# Names printed in the 2016 DQT -> substance ids. Every name in the CSV must be here.
DQT_NAME_TO_ID = {
    "Heroin": "heroin",
    "Cocaine": "cocaine",
    "Cocaine Base": "cocaine_base",
    "PCP": "pcp_mixture",
    "PCP (actual)": "pcp_actual",
    "Methamphetamine": "methamphetamine_mixture",
    "Methamphetamine (actual)": "methamphetamine_actual",
    "\u201cIce\u201d": "ice",
    "Amphetamine": "amphetamine_mixture",
    "Amphetamine (actual)": "amphetamine_actual",
    "LSD": "lsd",
    "Fentanyl": "fentanyl",
    "a Fentanyl Analogue": "fentanyl_analogue",
    "Marihuana": "marihuana",
    "Hashish": "hashish",
    "Hashish Oil": "hashish_oil",
    "Ketamine": "ketamine",
    "Schedule I or II Depressants": "schedule_i_ii_depressants",
    "Schedule III substances (except Ketamine)": "schedule_iii",
    "Schedule IV substances (except Flunitrazepam)": "schedule_iv",
    "Schedule V substances": "schedule_v",
    "Flunitrazepam": "flunitrazepam",
}
SUBSTANCE_ORDER = list(DQT_NAME_TO_ID.values())

# Top level of each line in the 2016 DQT where it is not 38. The Schedule III, IV and V lines
# stop at levels 20, 12 and 8 with an open-ended band ("60,000 units or more", etc.).
TOP_LEVEL = {"schedule_iii": 20, "schedule_iv": 12, "schedule_v": 8}

UNIT_FACTOR = {"KG": Decimal(1000), "G": Decimal(1), "MG": Decimal("0.001")}


@dataclass
class Band:
    effective_from: str
    effective_to: str
    substance: str
    level: int
    at_least: Decimal | None
    less_than: Decimal | None
    unit: str
    amendment: str
    source: str
    confirmed: str


def to_base(qty: str, unit: str) -> tuple[Decimal | None, str | None]:
    """Converts a 2016-CSV quantity to grams (weights) or units (counts)."""
    if qty.strip() == "":
        return None, None
    if unit == "units":
        return dec(qty), "unit"
    return dec(qty) * UNIT_FACTOR[unit], "g"


def with_commas(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    whole, _, frac = s.partition(".")
    whole = f"{int(whole):,}"
    return whole + ("." + frac if frac else "")


def bands_2016() -> list[Band]:
    """(a) Every substance from 2014-11-01 (Amendment 782), from the 2016 CSV."""
    out = []
    for i, r in enumerate(read_csv(DQT_CSV), start=1):
        name = r["substance"]
        if name not in DQT_NAME_TO_ID:
            sys.exit(f"{DQT_CSV} row {i}: unknown substance name {name!r}")
        sid = DQT_NAME_TO_ID[name]
        lo, lo_unit = to_base(r["at_least_qty"], r["at_least_unit"])
        hi, hi_unit = to_base(r["less_than_qty"], r["less_than_unit"])
        units = {u for u in (lo_unit, hi_unit) if u}
        assert len(units) == 1, f"row {i}: mixed units {units}"
        # The parsed quantities must appear in the clause as printed (guards the CSV's parsing).
        text = r["clause_text"]
        for q in (r["at_least_qty"], r["less_than_qty"]):
            if q.strip():
                assert with_commas(dec(q)) in text, f"row {i}: {q} not in {text!r}"
        out.append(Band(D2014, "", sid, int(r["base_offense_level"]), lo, hi, units.pop(), "782",
                        f"USSG §2D1.1(c) (Nov. 1, 2016), Amdt 782; shared/data/{DQT_CSV} row {i}", "yes"))
    return out


def G(x) -> Decimal:
    return dec(x)


def KG(x) -> Decimal:
    return dec(x) * 1000


def MG(x) -> Decimal:
    return dec(x) / 1000


# --- Hand-entered from law.md. Each tuple: (level, at_least, less_than); None = open. ---------

# law.md §2.3 "Powder cocaine", column "Nov 1, 1994 – Oct 31, 2014" (App. C Amdt 125 capped by 505).
LAW_COCAINE_1994 = [
    (38, KG(150), None), (36, KG(50), KG(150)), (34, KG(15), KG(50)), (32, KG(5), KG(15)),
    (30, KG("3.5"), KG(5)), (28, KG(2), KG("3.5")), (26, G(500), KG(2)), (24, G(400), G(500)),
    (22, G(300), G(400)), (20, G(200), G(300)), (18, G(100), G(200)), (16, G(50), G(100)),
    (14, G(25), G(50)), (12, None, G(25)),
]
# law.md §2.4 "Heroin", column "1994 – Oct 2014".
LAW_HEROIN_1994 = [
    (38, KG(30), None), (36, KG(10), KG(30)), (34, KG(3), KG(10)), (32, KG(1), KG(3)),
    (30, G(700), KG(1)), (28, G(400), G(700)), (26, G(100), G(400)), (24, G(80), G(100)),
    (22, G(60), G(80)), (20, G(40), G(60)), (18, G(20), G(40)), (16, G(10), G(20)),
    (14, G(5), G(10)), (12, None, G(5)),
]
# law.md §2.4 methamphetamine, column "Mixture 1997–2014" (Amdt 555, eff. 1997-11-01).
LAW_METH_MIXTURE_1997 = [
    (38, KG(15), None), (36, KG(5), KG(15)), (34, KG("1.5"), KG(5)), (32, G(500), KG("1.5")),
    (30, G(350), G(500)), (28, G(200), G(350)), (26, G(50), G(200)), (24, G(40), G(50)),
    (22, G(30), G(40)), (20, G(20), G(30)), (18, G(10), G(20)), (16, G(5), G(10)),
    (14, G("2.5"), G(5)), (12, None, G("2.5")),
]
# law.md §2.4 methamphetamine, column "Actual/Ice 2000–2014" (Amdt 594, eff. 2000-11-01).
LAW_METH_ACTUAL_2000 = [
    (38, KG("1.5"), None), (36, G(500), KG("1.5")), (34, G(150), G(500)), (32, G(50), G(150)),
    (30, G(35), G(50)), (28, G(20), G(35)), (26, G(5), G(20)), (24, G(4), G(5)),
    (22, G(3), G(4)), (20, G(2), G(3)), (18, G(1), G(2)), (16, MG(500), G(1)),
    (14, MG(250), MG(500)), (12, None, MG(250)),
]
# law.md §2.4 "Marijuana", column "1994 – Oct 2014" (Amdt 125 + 505).
LAW_MARIHUANA_1994 = [
    (38, KG(30000), None), (36, KG(10000), KG(30000)), (34, KG(3000), KG(10000)),
    (32, KG(1000), KG(3000)), (30, KG(700), KG(1000)), (28, KG(400), KG(700)),
    (26, KG(100), KG(400)), (24, KG(80), KG(100)), (22, KG(60), KG(80)), (20, KG(40), KG(60)),
    (18, KG(20), KG(40)), (16, KG(10), KG(20)), (14, KG(5), KG(10)), (12, KG("2.5"), KG(5)),
    (10, KG(1), KG("2.5")), (8, G(250), KG(1)), (6, None, G(250)),
]
# law.md §2.5 last paragraph: pre-Nov-2014 levels 14 and 12 "come from Amdt 125":
# PCP 5–10 g / <5 g; PCP actual 500 mg–1 g / <500 mg; LSD 50–100 mg / <50 mg;
# fentanyl 2–4 g / <2 g; analogue 500 mg–1 g / <500 mg.
LAW_AMDT125_L14_L12 = {
    "pcp_mixture": ((G(5), G(10)), G(5)),
    "pcp_actual": ((MG(500), G(1)), MG(500)),
    "lsd": ((MG(50), MG(100)), MG(50)),
    "fentanyl": ((G(2), G(4)), G(2)),
    "fentanyl_analogue": ((MG(500), G(1)), MG(500)),
}
# Amphetamine before 2014: NOT in law.md. Transcribed from USSG App. C Amdt 611 (eff. 2001-05-01,
# App. C Vol. II, mmukku/ussc-mm tools/APPENDIX_C_Vol_II.json), which inserted amphetamine into
# §2D1.1(c)(1)-(14) at the same quantities as methamphetamine. Carried with confirmed=no
# (not in the shared sources; unchanged 2001-2014 assumed).
APP_C_611_AMPHETAMINE = [
    (38, KG(15), None), (36, KG(5), KG(15)), (34, KG("1.5"), KG(5)), (32, G(500), KG("1.5")),
    (30, G(350), G(500)), (28, G(200), G(350)), (26, G(50), G(200)), (24, G(40), G(50)),
    (22, G(30), G(40)), (20, G(20), G(30)), (18, G(10), G(20)), (16, G(5), G(10)),
    (14, G("2.5"), G(5)), (12, None, G("2.5")),
]
APP_C_611_AMPHETAMINE_ACTUAL = [
    (38, KG("1.5"), None), (36, G(500), KG("1.5")), (34, G(150), G(500)), (32, G(50), G(150)),
    (30, G(35), G(50)), (28, G(20), G(35)), (26, G(5), G(20)), (24, G(4), G(5)),
    (22, G(3), G(4)), (20, G(2), G(3)), (18, G(1), G(2)), (16, MG(500), G(1)),
    (14, MG(250), MG(500)), (12, None, MG(250)),
]


def by_level(bands: list[Band], substance: str) -> dict[int, tuple]:
    return {b.level: (b.at_least, b.less_than) for b in bands if b.substance == substance}


def minus_two_rule(b2014: dict[int, tuple], l14: tuple, l12_less: Decimal) -> list[tuple]:
    """law.md §2.5: the pre-Nov-2014 band at level L (L = 36…16) equals the 2014 band at L−2;
    level 38 is open-ended from the 2014 level-36 lower bound; levels 14 and 12 from Amdt 125."""
    rows = [(38, b2014[36][0], None)]
    for level in range(36, 14, -2):
        lo, hi = b2014[level - 2]
        rows.append((level, lo, hi))
    rows.append((14, l14[0], l14[1]))
    rows.append((12, None, l12_less))
    return rows


def make_bands(rows, substance, frm, to, amendment, source, confirmed) -> list[Band]:
    return [Band(frm, to, substance, lv, lo, hi, "g", amendment, source, confirmed) for lv, lo, hi in rows]


def bands_before_2014(b16: list[Band]) -> list[Band]:
    to = day_before(D2014)
    out: list[Band] = []

    # Cross-check: the law.md §2.3/§2.4 pre-2014 tables must equal the −2 rule applied to the
    # 2016 CSV for levels 38…16 (validates both the rule and the transcriptions).
    for sid, table in (("heroin", LAW_HEROIN_1994), ("cocaine", LAW_COCAINE_1994),
                       ("methamphetamine_mixture", LAW_METH_MIXTURE_1997),
                       ("methamphetamine_actual", LAW_METH_ACTUAL_2000),
                       ("ice", LAW_METH_ACTUAL_2000)):
        derived = minus_two_rule(by_level(b16, sid), (table[-2][1], table[-2][2]), table[-1][2])
        assert derived == table, f"law.md pre-2014 table for {sid} disagrees with the -2 rule"
    m16 = by_level(b16, "marihuana")
    for lv, lo, hi in LAW_MARIHUANA_1994:
        if 16 <= lv <= 36:
            assert (lo, hi) == m16[lv - 2], f"marihuana L{lv}"
    assert LAW_MARIHUANA_1994[0][1] == m16[36][0]

    out += make_bands(LAW_HEROIN_1994, "heroin", D1994, to, "505",
                      "law.md §2.4 heroin (USSG App. C Amdt 125/505; Amdt 782 redesignation text)", "yes")
    out += make_bands(LAW_COCAINE_1994, "cocaine", D1994, to, "505",
                      "law.md §2.3 (USSG App. C Amdt 125/505; Amdt 782 redesignation text)", "yes")
    out += make_bands(LAW_MARIHUANA_1994, "marihuana", D1994, to, "505",
                      "law.md §2.4 marijuana (USSG App. C Amdt 125 + 505)", "yes")
    out += make_bands(LAW_METH_MIXTURE_1997, "methamphetamine_mixture", D1997, to, "555",
                      "law.md §2.4 methamphetamine mixture 1997–2014 (USSG App. C Amdt 555)", "yes")
    for sid in ("methamphetamine_actual", "ice"):
        out += make_bands(LAW_METH_ACTUAL_2000, sid, D2000, to, "594",
                          "law.md §2.4 methamphetamine actual/Ice 2000–2014 (USSG App. C Amdt 594)", "yes")

    # PCP, PCP actual, LSD, fentanyl, fentanyl analogue: law.md §2.5 rule on the 2016 CSV rows.
    for sid, (l14, l12_less) in LAW_AMDT125_L14_L12.items():
        rows = minus_two_rule(by_level(b16, sid), l14, l12_less)
        src = (f"law.md §2.5 pre-Nov-2014 rule (level L = 2014 band at L-2, L38 open from the 2014 "
               f"L36 floor, L14/L12 from Amdt 125) applied to shared/data/{DQT_CSV} ({sid} rows)")
        out += make_bands(rows, sid, D1994, to, "505", src, "yes")

    # Amphetamine: law.md's rule does not name it. App. C Amdt 611 text (eff. 2001-05-01) gives
    # bands identical to methamphetamine; cross-check against the −2 rule and meth's L14/L12.
    for sid, table, meth in (("amphetamine_mixture", APP_C_611_AMPHETAMINE, LAW_METH_MIXTURE_1997),
                             ("amphetamine_actual", APP_C_611_AMPHETAMINE_ACTUAL, LAW_METH_ACTUAL_2000)):
        derived = minus_two_rule(by_level(b16, sid), (meth[-2][1], meth[-2][2]), meth[-1][2])
        assert derived == table == meth, sid
        src = ("USSG App. C Amdt 611 (eff. 2001-05-01) inserted amphetamine at the methamphetamine "
               "quantities (read in mmukku/ussc-mm tools/APPENDIX_C_Vol_II.json); not stated in law.md, "
               "whose pre-2014 -2 rule does not name amphetamine; equals that rule applied to the 2016 "
               "bands; assumed unchanged 2001-2014; before 2001-05-01 amphetamine had no DQT line (omitted)")
        out += make_bands(table, sid, D2001, to, "611", src, "no")

    # (c) cocaine base, three pre-2014 regimes, from the crack history CSV.
    amend = {"2007-11-01": "706", "2010-11-01": "750"}
    for i, r in enumerate(read_csv(CRACK_CSV), start=1):
        frm = r["effective_from"] or D1994
        if frm == D2014:
            continue  # the 2014 regime comes from the 2016 DQT CSV (cross-checked below)
        lo = dec(r["at_least_grams"]) if r["at_least_grams"] else None
        hi = dec(r["less_than_grams"]) if r["less_than_grams"] else None
        note = "; effective_from 1994-11-01 (Amdt 505 cap; the CSV leaves it open)" if not r["effective_from"] else ""
        src = f"{r['source']}; law.md §2.2; shared/data/{CRACK_CSV} row {i}{note}"
        if frm == D2010:
            src += "; bands set by emergency Amdt 748 (eff. 2010-11-01), re-promulgated as Amdt 750"
        out.append(Band(frm, r["effective_to"], "cocaine_base", int(r["base_offense_level"]), lo, hi, "g",
                        amend.get(frm, "505"), src, "yes"))
    # The 2014 crack rows of the history CSV must equal the 2016 DQT rows.
    hist14 = {int(r["base_offense_level"]): (dec(r["at_least_grams"]) if r["at_least_grams"] else None,
                                             dec(r["less_than_grams"]) if r["less_than_grams"] else None)
              for r in read_csv(CRACK_CSV) if r["effective_from"] == D2014}
    assert hist14 == by_level(b16, "cocaine_base")
    return out


def check_bands(bands: list[Band]) -> None:
    groups: dict[tuple, list[Band]] = {}
    for b in bands:
        groups.setdefault((b.substance, b.effective_from, b.effective_to), []).append(b)
    for (sid, frm, to), bs in groups.items():
        bs.sort(key=lambda b: -b.level)
        where = f"{sid} {frm}..{to or 'open'}"
        assert len({b.level for b in bs}) == len(bs), f"duplicate level in {where}"
        assert bs[0].less_than is None, f"top band not open-ended in {where}"
        assert bs[0].level == TOP_LEVEL.get(sid, 38), f"top level {bs[0].level} in {where}"
        assert bs[-1].at_least is None, f"lowest band has a floor in {where}"
        for upper, lower in zip(bs, bs[1:]):
            assert upper.level - lower.level == 2, f"levels do not step by 2 in {where}"
            assert upper.at_least == lower.less_than, \
                f"gap/overlap between L{upper.level} and L{lower.level} in {where}"
            assert lower.less_than is not None and upper.at_least is not None
            assert (lower.at_least or 0) < lower.less_than
        assert len({b.unit for b in bs}) == 1
    # Periods of one substance must not overlap.
    spans: dict[str, list[tuple[str, str]]] = {}
    for (sid, frm, to) in groups:
        spans.setdefault(sid, []).append((frm, to or "9999-12-31"))
    for sid, ps in spans.items():
        ps.sort()
        for (f1, t1), (f2, _) in zip(ps, ps[1:]):
            assert t1 < f2, f"overlapping DQT periods for {sid}"


# ---------------------------------------------------------------------------------------------
# 2. Equivalency table
# ---------------------------------------------------------------------------------------------

GROUP_IDS = {
    "Schedule I or II Opiates*": "schedule_i_ii_opiates",
    "Cocaine and Other Schedule I and II Stimulants (and their immediate precursors)*": "schedule_i_ii_stimulants",
    "LSD, PCP, and Other Schedule I and II Hallucinogens (and their immediate precursors)*": "schedule_i_ii_hallucinogens",
    "Schedule I Marihuana": "schedule_i_marihuana",
    "Flunitrazepam **": "flunitrazepam",
    "Schedule I or II Depressants (except gamma-hydroxybutyric acid)": "schedule_i_ii_depressants",
    "Gamma-hydroxybutyric Acid": "gamma_hydroxybutyric_acid",
    "Schedule III Substances (except ketamine)***": "schedule_iii",
    "Ketamine": "ketamine",
    "Schedule IV Substances (except flunitrazepam)*****": "schedule_iv",
    "Schedule V Substances******": "schedule_v",
    "List I Chemicals (relating to the manufacture of amphetamine or methamphetamine)*******": "list_i_chemicals",
    "Date Rape Drugs (except flunitrazepam, GHB, or ketamine)": "date_rape_drugs",
}

# Printed name -> id. Names with a slash use the commonest short name.
EQ_NAME_TO_ID = {
    "Heroin": "heroin",
    "Alpha-Methylfentanyl": "alpha_methylfentanyl",
    "Dextromoramide": "dextromoramide",
    "Dipipanone": "dipipanone",
    "3-Methylfentanyl": "3_methylfentanyl",
    "1-Methyl-4-phenyl-4-propionoxypiperidine/MPPP": "mppp",
    "1-(2-Phenylethyl)-4-phenyl-4-acetyloxypiperidine/ PEPAP": "pepap",
    "Alphaprodine": "alphaprodine",
    "Fentanyl (N-phenyl-N-[1-(2-phenylethyl)-4- piperidinyl] Propanamide)": "fentanyl",
    "Hydromorphone/Dihydromorphinone": "hydromorphone",
    "Levorphanol": "levorphanol",
    "Meperidine/Pethidine": "meperidine",
    "Methadone": "methadone",
    "6-Monoacetylmorphine": "6_monoacetylmorphine",
    "Morphine": "morphine",
    "Oxycodone (actual)": "oxycodone_actual",
    "Oxymorphone": "oxymorphone",
    "Racemorphan": "racemorphan",
    "Codeine": "codeine",
    "Dextropropoxyphene/Propoxyphene-Bulk": "propoxyphene_bulk",
    "Ethylmorphine": "ethylmorphine",
    "Hydrocodone (actual)": "hydrocodone_actual",
    "Mixed Alkaloids of Opium/Papaveretum": "papaveretum",
    "Opium": "opium",
    "Levo-alpha-acetylmethadol (LAAM)": "laam",
    "Cocaine": "cocaine",
    "N-Ethylamphetamine": "n_ethylamphetamine",
    "Fenethylline": "fenethylline",
    "Amphetamine": "amphetamine_mixture",
    "Amphetamine (Actual)": "amphetamine_actual",
    "Methamphetamine": "methamphetamine_mixture",
    "Methamphetamine (Actual)": "methamphetamine_actual",
    "\u201cIce\u201d": "ice",
    "Khat": "khat",
    "4-Methylaminorex (\u201cEuphoria\u201d)": "4_methylaminorex",
    "Methylphenidate (Ritalin)": "methylphenidate",
    "Phenmetrazine": "phenmetrazine",
    "Phenylacetone/P2P (when possessed for the purpose of manufacturing methamphetamine)": "p2p_methamphetamine_manufacture",
    "Phenylacetone/P2P (in any other case)": "p2p_other",
    "Cocaine Base (\u201cCrack\u201d)": "cocaine_base",
    "Aminorex": "aminorex",
    "Methcathinone": "methcathinone",
    "N-N-Dimethylamphetamine": "n_n_dimethylamphetamine",
    "N-Benzylpiperazine": "n_benzylpiperazine",
    "Bufotenine": "bufotenine",
    "D-Lysergic Acid Diethylamide/Lysergide/LSD": "lsd",
    "Diethyltryptamine/DET": "det",
    "Dimethyltryptamine/DM": "dmt",  # printed "DM"; the usual abbreviation is DMT
    "Mescaline": "mescaline",
    "Mushrooms containing Psilocin and/or Psilocybin (Dry)": "psilocybin_mushrooms_dry",
    "Mushrooms containing Psilocin and/or Psilocybin (Wet)": "psilocybin_mushrooms_wet",
    "Peyote (Dry)": "peyote_dry",
    "Peyote (Wet)": "peyote_wet",
    "Phencyclidine/PCP": "pcp_mixture",
    "Phencyclidine (actual) /PCP (actual)": "pcp_actual",
    "Psilocin": "psilocin",
    "Psilocybin": "psilocybin",
    "Pyrrolidine Analog of Phencyclidine/PHP": "php",
    "Thiophene Analog of Phencyclidine/TCP": "tcp",
    "4-Bromo-2,5-Dimethoxyamphetamine/DOB": "dob",
    "2,5-Dimethoxy-4-methylamphetamine/DOM": "dom",
    "3,4-Methylenedioxyamphetamine/MDA": "mda",
    "3,4-Methylenedioxymethamphetamine/MDMA": "mdma",
    "3,4-Methylenedioxy-N-ethylamphetamine/MDEA": "mdea",
    "Paramethoxymethamphetamine/PMA": "pma",
    "1-Piperidinocyclohexanecarbonitrile/PCC": "pcc",
    "N-ethyl-1-phenylcyclohexylamine (PCE)": "pce",
    "Marihuana/Cannabis, granulated, powdered, etc.": "marihuana",
    "Hashish Oil": "hashish_oil",
    "Cannabis Resin or Hashish": "hashish",
    "Tetrahydrocannabinol, Organic": "thc_organic",
    "Tetrahydrocannabinol, Synthetic": "thc_synthetic",
    "Flunitrazepam": "flunitrazepam",
    "a Schedule I or II Depressant (except gamma-hydroxybutyric acid)": "schedule_i_ii_depressants",
    "gamma-hydroxybutyric acid": "gamma_hydroxybutyric_acid",
    "a Schedule III Substance": "schedule_iii",
    "ketamine": "ketamine",
    "a Schedule IV Substance (except Flunitrazepam)": "schedule_iv",
    "a Schedule V Substance": "schedule_v",
    "Ephedrine": "ephedrine",
    "Phenylpropanolamine": "phenylpropanolamine",
    "Pseudoephedrine": "pseudoephedrine",
    "1,4-butanediol": "1_4_butanediol",
    "gamma butyrolactone": "gamma_butyrolactone",
}
EQ_UNIT = {"gm": "g", "unit": "unit", "ml": "ml"}
EQ_TARGET = {"kg": Decimal(1000), "gm": Decimal(1)}

ASSUMED = "assumed unchanged before Amdt 782; not verified against earlier Manuals"


@dataclass
class Ratio:
    effective_from: str
    effective_to: str
    substance: str
    display_name: str
    input_unit: str
    grams: Decimal
    group: str
    source: str
    confirmed: str


# Pre-2014 ratios (1994-11-01 .. 2014-10-31) that differ from "same as 2016, unconfirmed".
# Each entry: list of (from, to, grams, confirmed, source). law.md §2.6 rows first.
TO2014 = day_before(D2014)
PRE2014_OVERRIDES: dict[str, list[tuple]] = {
    # law.md §2.6: heroin 1 kg, era "all".
    "heroin": [(D1994, TO2014, G(1000), "yes", "law.md §2.6 (1 g heroin = 1 kg, era 'all')")],
    # law.md §2.6: cocaine (powder) 200 g, era "all".
    "cocaine": [(D1994, TO2014, G(200), "yes", "law.md §2.6 (1 g cocaine = 200 g, era 'all')")],
    # law.md §2.6: cocaine base 20 kg until 2010-10-31 (special rules Nov 2007 – Oct 2010), then
    # 3,571 g (Amdt 748). Amdt 706 struck the 20 kg line from the table and Amdt 715 re-inserted it
    # on 2008-05-01 (App. C); 2007-11-01 .. 2008-04-30 has no line here: the level-dependent rate
    # in crack_combination_rules.csv governed (law.md §2.6, first bullet).
    "cocaine_base": [
        (D1994, day_before(D2007), G(20000), "yes", "law.md §2.6 (1 g cocaine base = 20 kg until 2010-10-31)"),
        (D2008, day_before(D2010), G(20000), "yes",
         "law.md §2.6 (20 kg; Amdt 715 re-inserted the 20 kg line eff. 2008-05-01 after Amdt 706 struck it; "
         "the 2-level reduction rule is in crack_combination_rules.csv)"),
        (D2010, TO2014, G(3571), "yes", "law.md §2.6 (1 g cocaine base = 3,571 g since 2010-11-01, Amdt 748)"),
    ],
    # law.md §2.6: meth mixture 2 kg (1 kg before 1997-11-01).
    "methamphetamine_mixture": [
        (D1994, day_before(D1997), G(1000), "yes", "law.md §2.6 (meth mixture 1 kg before 1997-11-01; Amdt 555)"),
        (D1997, TO2014, G(2000), "yes", "law.md §2.6 (meth mixture 2 kg from 1997-11-01; Amdt 555)"),
    ],
    # law.md §2.6: meth actual / Ice 20 kg (10 kg before 2000-11-01).
    "methamphetamine_actual": [
        (D1994, day_before(D2000), G(10000), "yes", "law.md §2.6 (meth actual/Ice 10 kg before 2000-11-01; Amdt 594)"),
        (D2000, TO2014, G(20000), "yes", "law.md §2.6 (meth actual/Ice 20 kg from 2000-11-01; Amdt 594)"),
    ],
    "ice": [
        (D1994, day_before(D2000), G(10000), "yes", "law.md §2.6 (meth actual/Ice 10 kg before 2000-11-01; Amdt 594)"),
        (D2000, TO2014, G(20000), "yes", "law.md §2.6 (meth actual/Ice 20 kg from 2000-11-01; Amdt 594)"),
    ],
    # Not in law.md. USSG App. C Amdt 611 (eff. 2001-05-01) struck "200 gm" after "1 gm of Amphetamine ="
    # and inserted "2 kg", and added "1 gm of Amphetamine (Actual) = 20 kg" (App. C Vol. II).
    "amphetamine_mixture": [
        (D1994, day_before(D2001), G(200), "no",
         "USSG App. C Amdt 611 (eff. 2001-05-01) struck '200 gm' for amphetamine (App. C Vol. II); "
         "not in law.md; 200 g assumed for all of 1994-11-01..2001-04-30"),
        (D2001, TO2014, G(2000), "no",
         "USSG App. C Amdt 611 (eff. 2001-05-01) inserted '2 kg' (App. C Vol. II); not in law.md; "
         "unchanged to 2014 assumed"),
    ],
    "amphetamine_actual": [
        (D2001, TO2014, G(20000), "no",
         "USSG App. C Amdt 611 (eff. 2001-05-01) added 'Amphetamine (Actual) = 20 kg' (App. C Vol. II); "
         "not in law.md; no line before 2001-05-01"),
    ],
    # Not in law.md. USSG App. C Amdt 610 (eff. 2001-05-01, Ecstasy Anti-Proliferation Act): MDA 50 gm ->
    # 500 gm, MDMA 35 gm -> 500 gm, MDEA 30 gm -> 500 gm, and added PMA at 500 gm (App. C Vol. II).
    "mda": [
        (D1994, day_before(D2001), G(50), "no", "USSG App. C Amdt 610 struck '50 gm' for MDA (eff. 2001-05-01); not in law.md"),
        (D2001, TO2014, G(500), "no", "USSG App. C Amdt 610 inserted '500 gm' for MDA (eff. 2001-05-01); not in law.md; unchanged to 2014 assumed"),
    ],
    "mdma": [
        (D1994, day_before(D2001), G(35), "no", "USSG App. C Amdt 610 struck '35 gm' for MDMA (eff. 2001-05-01); not in law.md"),
        (D2001, TO2014, G(500), "no", "USSG App. C Amdt 610 inserted '500 gm' for MDMA (eff. 2001-05-01); not in law.md; unchanged to 2014 assumed"),
    ],
    "mdea": [
        (D1994, day_before(D2001), G(30), "no", "USSG App. C Amdt 610 struck '30 gm' for MDEA (eff. 2001-05-01); not in law.md"),
        (D2001, TO2014, G(500), "no", "USSG App. C Amdt 610 inserted '500 gm' for MDEA (eff. 2001-05-01); not in law.md; unchanged to 2014 assumed"),
    ],
    "pma": [
        (D2001, TO2014, G(500), "no", "USSG App. C Amdt 610 added PMA at 500 gm (eff. 2001-05-01); not in law.md; no line before"),
    ],
    # Not in law.md. The List I chemical lines were added to the equivalency tables by the App. C
    # amendment eff. 2001-05-01 that rewrote §2D1.1/§2D1.11 for ephedrine, pseudoephedrine and PPA
    # (Methamphetamine Anti-Proliferation Act; App. C Vol. II, Amdt 612).
    "ephedrine": [(D2001, TO2014, G(10000), "no", "USSG App. C Amdt 612 (eff. 2001-05-01) added the List I chemical lines; not in law.md; no line before")],
    "phenylpropanolamine": [(D2001, TO2014, G(10000), "no", "USSG App. C Amdt 612 (eff. 2001-05-01) added the List I chemical lines; not in law.md; no line before")],
    "pseudoephedrine": [(D2001, TO2014, G(10000), "no", "USSG App. C Amdt 612 (eff. 2001-05-01) added the List I chemical lines; not in law.md; no line before")],
    # Not in law.md. USSG App. C Amdt 705 (eff. 2007-11-01) added the separate ketamine line and the
    # date-rape-drug lines (1,4-butanediol, GBL); before it ketamine was a Schedule III substance.
    "ketamine": [(D2007, TO2014, G(1), "no", "USSG App. C Amdt 705 (eff. 2007-11-01) added '1 unit of ketamine = 1 gm'; not in law.md; before 2007-11-01 ketamine fell under Schedule III (no line here)")],
    "1_4_butanediol": [(D2007, TO2014, G("8.8"), "no", "USSG App. C Amdt 705 (eff. 2007-11-01) added this line; not in law.md; no line before")],
    "gamma_butyrolactone": [(D2007, TO2014, G("8.8"), "no", "USSG App. C Amdt 705 (eff. 2007-11-01) added this line; not in law.md; no line before")],
}


def ratios() -> tuple[list[Ratio], dict[str, tuple[str, str, int]]]:
    out: list[Ratio] = []
    info: dict[str, tuple[str, str, int]] = {}  # id -> (display, unit, row)
    rows = read_csv(EQ_CSV)
    for i, r in enumerate(rows, start=1):
        name, grp = r["substance"], r["schedule_group"]
        if name not in EQ_NAME_TO_ID or grp not in GROUP_IDS:
            sys.exit(f"{EQ_CSV} row {i}: unmapped {name!r} / {grp!r}")
        sid, gid = EQ_NAME_TO_ID[name], GROUP_IDS[grp]
        assert sid not in info, f"duplicate id {sid}"
        grams = dec(r["marihuana_equivalent_qty"]) * EQ_TARGET[r["marihuana_equivalent_unit"]]
        unit = EQ_UNIT[r["input_unit"]]
        # The line as printed must state the same ratio.
        line = r["line_text"].replace(",", "")
        assert f"= {r['marihuana_equivalent_qty'].replace(',', '')} {r['marihuana_equivalent_unit']}" in line, line
        info[sid] = (name, unit, i)
        out.append(Ratio(D2014, "", sid, name, unit, grams, gid,
                         f"USSG §2D1.1 comment. (n.8(D)) (Nov. 1, 2016); shared/data/{EQ_CSV} row {i}", "yes"))
        pre = PRE2014_OVERRIDES.get(sid)
        if pre is None:
            pre = [(D1994, TO2014, grams, "no", f"same ratio as the 2016 table ({EQ_CSV} row {i}); {ASSUMED}")]
        for frm, to, g, conf, src in pre:
            out.append(Ratio(frm, to, sid, name, unit, g, gid, src, conf))
    # law.md §2.6: a generic fentanyl analogue is not in the 2016 table; the DQT bands imply 10 kg.
    for frm, to in ((D1994, TO2014), (D2014, "")):
        out.append(Ratio(frm, to, "fentanyl_analogue", "a Fentanyl Analogue", "g", G(10000), "schedule_i_ii_opiates",
                         "law.md §2.6: not listed in the 2016 equivalency table; 10 kg implied by the DQT "
                         "(100 g analogue sits at the level of 1 kg heroin) - UNCONFIRMED as a table entry", "no"))
    assert set(PRE2014_OVERRIDES) <= set(info), set(PRE2014_OVERRIDES) - set(info)
    first = {}
    for q in out:
        first.setdefault(q.substance, len(first))
    out.sort(key=lambda q: (first[q.substance], q.effective_from))
    # Periods of one substance must not overlap.
    spans: dict[str, list[tuple[str, str]]] = {}
    for q in out:
        spans.setdefault(q.substance, []).append((q.effective_from, q.effective_to or "9999-12-31"))
    for sid, ps in spans.items():
        ps.sort()
        for (f1, t1), (f2, _) in zip(ps, ps[1:]):
            assert t1 < f2, f"overlapping equivalency periods for {sid}"
    return out, info


# ---------------------------------------------------------------------------------------------
# 3. Provisos
# ---------------------------------------------------------------------------------------------

def provisos() -> list[list[str]]:
    rows = read_csv(EQ_CSV)
    text_of: dict[str, tuple[str, int]] = {}
    for i, r in enumerate(rows, start=1):
        gid = GROUP_IDS[r["schedule_group"]]
        text_of.setdefault(gid, (r["group_proviso"], i))

    def kg_cap(gid: str) -> tuple[Decimal, int]:
        text, i = text_of[gid]
        m = re.search(r"shall not exceed ([\d.]+) kilograms of marihuana", text)
        assert m, text
        return dec(m.group(1)) * 1000, i

    def min_level(gid: str) -> tuple[int, int]:
        text, i = text_of[gid]
        m = re.search(r"minimum offense level .* is level (\d+)\.", text)
        assert m, f"{gid}: {text!r}"
        return int(m.group(1)), i

    out = []
    specs = []
    # Schedule III proviso: "all Schedule III substances (except ketamine), Schedule IV substances
    # (except flunitrazepam), and Schedule V substances shall not exceed 79.99 kilograms".
    v, i = kg_cap("schedule_iii")
    assert "Schedule III" in text_of["schedule_iii"][0] and "Schedule V" in text_of["schedule_iii"][0]
    specs.append(("cap_marihuana_grams", "schedule_iii;schedule_iv;schedule_v", fmt(v), i))
    # Schedule IV proviso: "all Schedule IV (except flunitrazepam) and V substances ... 9.99 kilograms".
    v, i = kg_cap("schedule_iv")
    specs.append(("cap_marihuana_grams", "schedule_iv;schedule_v", fmt(v), i))
    # Schedule V proviso: "Schedule V substances shall not exceed 2.49 kilograms".
    v, i = kg_cap("schedule_v")
    specs.append(("cap_marihuana_grams", "schedule_v", fmt(v), i))
    assert [s[2] for s in specs] == ["79990", "9990", "2490"], specs
    # Minimum level 12: the proviso of each Schedule I/II opiate, stimulant and hallucinogen group.
    lv = {g: min_level(g) for g in ("schedule_i_ii_opiates", "schedule_i_ii_stimulants", "schedule_i_ii_hallucinogens")}
    assert {x[0] for x in lv.values()} == {12}, lv
    specs.append(("minimum_level", "schedule_i_ii_opiates;schedule_i_ii_stimulants;schedule_i_ii_hallucinogens", "12",
                  ", ".join(str(x[1]) for x in lv.values())))
    # Flunitrazepam proviso: minimum level 8 "for flunitrazepam individually, or in combination with ...".
    v8, i = min_level("flunitrazepam")
    assert v8 == 8
    specs.append(("minimum_level", "flunitrazepam", "8", i))
    for rule, groups, value, rowref in specs:
        rowword = "rows" if "," in str(rowref) else "row"
        where = f"shared/data/{EQ_CSV} {rowword} {rowref} group_proviso"
        out.append([D2014, "", rule, groups, value,
                    f"USSG §2D1.1 comment. (n.8(D)) proviso (Nov. 1, 2016); {where}", "yes"])
    for rule, groups, value, rowref in specs:
        rowword = "rows" if "," in str(rowref) else "row"
        out.append([D1994, TO2014, rule, groups, value,
                    f"same proviso as the 2016 Manual (shared/data/{EQ_CSV} {rowword} {rowref}); {ASSUMED}", "no"])
    return out


# ---------------------------------------------------------------------------------------------
# 4. Crack combination rules (law.md §2.6; App. C Amdts 706, 711, 715)
# ---------------------------------------------------------------------------------------------

# law.md §2.6 first bullet ("711 text"): the crack's own base level -> kg of marihuana per gram.
# Same numbers as Amdt 706's table as inserted; Amdt 711 (same effective date, 2007-11-01) changed
# only what the table is keyed to: 706 keyed it to the combined level of the OTHER drugs, 711 to the
# base level for the quantity of cocaine base (App. C Vol. III, Amdts 706 and 711).
LEVEL_RATIO_KG = {38: "6.7", 36: "6.7", 34: "6", 32: "6.7", 30: "14", 28: "11.4", 26: "5", 24: "16",
                  22: "15", 20: "13.3", 18: "10", 16: "10", 14: "10", 12: "10"}


def crack_rules() -> list[list[str]]:
    out = []
    to = day_before(D2008)
    for level in range(38, 10, -2):
        out.append([D2007, to, "level_dependent_ratio", str(level), fmt(KG(LEVEL_RATIO_KG[level])), "0", "", "",
                    "law.md §2.6 (USSG App. C Amdt 706 table as replaced by Amdt 711, §2D1.1 comment. n.10(D)(i), "
                    "eff. 2007-11-01; keyed to the base offense level for the quantity of cocaine base)", "yes"])
    out.append([D2008, day_before(D2010), "two_level_reduction", "", fmt(KG(20)), "2", fmt(KG("4.5")), fmt(MG(250)),
                "law.md §2.6 (USSG App. C Amdt 715, eff. 2008-05-01, §2D1.1 comment. n.10(D)(i)-(ii)): convert at "
                "20 kg/g, subtract 2 levels; no reduction if crack >= 4.5 kg or < 250 mg, or if the result is below "
                "the level of the other drugs alone (exception II, not a data column)", "yes"])
    return out


# ---------------------------------------------------------------------------------------------
# 5. Substances
# ---------------------------------------------------------------------------------------------

GREATER_OF = {
    "methamphetamine_mixture": "methamphetamine", "methamphetamine_actual": "methamphetamine", "ice": "methamphetamine",
    "pcp_mixture": "pcp", "pcp_actual": "pcp",
    "amphetamine_mixture": "amphetamine", "amphetamine_actual": "amphetamine",
    # oxycodone / hydrocodone: the tables list only the "(actual)" form, so no group.
}

ALIASES = {
    "heroin": "diacetylmorphine;diamorphine",
    "cocaine": "powder cocaine;cocaine powder;cocaine hydrochloride;coke",
    "cocaine_base": "crack;crack cocaine;cocaine base",
    "pcp_mixture": "pcp;phencyclidine;pcp mixture;angel dust",
    "pcp_actual": "pcp (actual);phencyclidine (actual);pcp actual;pure pcp",
    "methamphetamine_mixture": "methamphetamine;meth;methamphetamine mixture",
    "methamphetamine_actual": "methamphetamine (actual);meth actual;meth (actual);pure methamphetamine",
    "ice": "crystal meth;crystal methamphetamine",
    "amphetamine_mixture": "amphetamine;amphetamine mixture",
    "amphetamine_actual": "amphetamine (actual);pure amphetamine",
    "lsd": "lysergic acid diethylamide;d-lysergic acid diethylamide;lysergide;acid",
    "fentanyl": "n-phenyl-n-[1-(2-phenylethyl)-4-piperidinyl] propanamide",
    "fentanyl_analogue": "fentanyl analogue;fentanyl analog;a fentanyl analogue",
    "marihuana": "marijuana;cannabis;weed",
    "marihuana_plants": "marijuana plants;cannabis plants;marihuana plant;marijuana plant;plants",
    "hashish": "cannabis resin;hash",
    "hashish_oil": "hash oil;hashish oil",
    "ketamine": "ketamine hydrochloride",
    "schedule_i_ii_depressants": "schedule i depressant;schedule ii depressant;schedule i or ii depressants",
    "schedule_iii": "schedule iii;schedule iii substance;schedule iii substances",
    "schedule_iv": "schedule iv;schedule iv substance;schedule iv substances;diazepam",
    "schedule_v": "schedule v;schedule v substance;schedule v substances",
    "flunitrazepam": "rohypnol",
    "gamma_hydroxybutyric_acid": "ghb;gamma-hydroxybutyric acid",
    "oxycodone_actual": "oxycodone (actual);oxycodone actual",
    "hydrocodone_actual": "hydrocodone (actual);hydrocodone actual",
    "mdma": "ecstasy;molly;3,4-methylenedioxymethamphetamine",
    "mda": "3,4-methylenedioxyamphetamine",
    "mdea": "3,4-methylenedioxy-n-ethylamphetamine;mde",
    "dmt": "dimethyltryptamine;dm",
    "psilocybin_mushrooms_dry": "psilocybin mushrooms (dry);dry mushrooms;mushrooms (dry)",
    "psilocybin_mushrooms_wet": "psilocybin mushrooms (wet);wet mushrooms;mushrooms (wet)",
    "peyote_dry": "peyote (dry);dry peyote",
    "peyote_wet": "peyote (wet);wet peyote",
    "p2p_methamphetamine_manufacture": "phenylacetone (methamphetamine manufacture);p2p (methamphetamine manufacture)",
    "p2p_other": "phenylacetone;p2p",
    "thc_organic": "tetrahydrocannabinol, organic;thc (organic)",
    "thc_synthetic": "tetrahydrocannabinol, synthetic;thc (synthetic)",
    "propoxyphene_bulk": "dextropropoxyphene;propoxyphene",
    "4_methylaminorex": "4-methylaminorex;euphoria",
    "3_methylfentanyl": "3-methylfentanyl",
    "6_monoacetylmorphine": "6-monoacetylmorphine;6-mam",
    "khat": "qat",
    "1_4_butanediol": "1,4-butanediol;1,4-bd",
    "gamma_butyrolactone": "gbl",
    "laam": "levo-alpha-acetylmethadol",
    "papaveretum": "mixed alkaloids of opium",
    "n_benzylpiperazine": "n-benzylpiperazine;bzp",
    "n_n_dimethylamphetamine": "n,n-dimethylamphetamine;n-n-dimethylamphetamine",
    "n_ethylamphetamine": "n-ethylamphetamine",
    "alpha_methylfentanyl": "alpha-methylfentanyl",
}


def generic_aliases(sid: str, display: str) -> str:
    """Lowercase alternatives from a printed name: its slash parts and any bracketed short name."""
    parts = []
    for chunk in re.split(r"/", display):
        chunk = chunk.strip()
        m = re.fullmatch(r"(.*?)\s*\((.*?)\)", chunk)
        if m:
            parts += [m.group(1), m.group(2)]
        else:
            parts.append(chunk)
    seen = []
    for p in (x.strip().lower() for x in parts):
        if p and p != sid and p.replace(" ", "_").replace("-", "_") != sid and p not in seen:
            seen.append(p)
    return ";".join(seen)


def substances(bands: list[Band], eq: list[Ratio], eq_info) -> list[list[str]]:
    dqt_display = {v: k for k, v in DQT_NAME_TO_ID.items()}
    dqt_row = {}
    for i, r in enumerate(read_csv(DQT_CSV), start=1):
        dqt_row.setdefault(DQT_NAME_TO_ID[r["substance"]], i)
    dqt_units = {}
    for b in bands:
        dqt_units.setdefault(b.substance, set()).add(b.unit)
    eq_units = {}
    for q in eq:
        eq_units.setdefault(q.substance, set()).add(q.input_unit)
    ids = list(dict.fromkeys([b.substance for b in bands] + [q.substance for q in eq]))
    rows = []
    for sid in ids:
        units = dqt_units.get(sid, set()) | eq_units.get(sid, set())
        assert len(units) == 1, f"{sid}: units {units}"
        unit = units.pop()
        display = dqt_display.get(sid) or eq_info[sid][0]
        srcs = []
        if sid in dqt_row:
            srcs.append(f"DQT name '{dqt_display[sid]}' (shared/data/{DQT_CSV} row {dqt_row[sid]})")
        if sid in eq_info:
            srcs.append(f"equivalency line '{eq_info[sid][0]}' (shared/data/{EQ_CSV} row {eq_info[sid][2]})")
        if sid == "fentanyl_analogue":
            srcs.append("equivalency row from law.md §2.6 (implied 10 kg)")
        aliases = ALIASES.get(sid) or generic_aliases(sid, eq_info[sid][0] if sid in eq_info else display)
        rows.append([sid, display, unit, GREATER_OF.get(sid, ""), aliases, "; ".join(srcs)])
    rows.append(["marihuana_plants", "Marihuana plants", "plant", "", ALIASES["marihuana_plants"],
                 "not a DQT or equivalency line: the engine converts plants to marihuana weight "
                 "(USSG §2D1.1(c) note (E); Amdt 516, law.md §2.1, §2.4; see plant_conversions.csv)"])
    # Aliases must be unique and must not name another substance id.
    all_ids = {r[0] for r in rows}
    seen: dict[str, str] = {}
    for sid, _, _, _, al, _ in rows:
        for a in filter(None, al.split(";")):
            assert a == a.lower(), a
            assert a not in seen, f"alias {a!r} used by {seen.get(a)} and {sid}"
            assert a not in all_ids or a == sid, f"alias {a!r} of {sid} is another id"
            seen[a] = sid
        assert re.fullmatch(r"[a-z0-9_]+", sid), sid
    return rows


# ---------------------------------------------------------------------------------------------
# Worked-example checks (shared/cases/guideline_worked_examples.csv and law.md §2.6)
# ---------------------------------------------------------------------------------------------

def in_period(frm: str, to: str, date: str) -> bool:
    return frm <= date and (not to or date <= to)


def level(bands: list[Band], sid: str, qty: Decimal, date: str) -> int:
    hits = [b.level for b in bands if b.substance == sid and in_period(b.effective_from, b.effective_to, date)
            and (b.at_least is None or qty >= b.at_least) and (b.less_than is None or qty < b.less_than)]
    assert len(hits) == 1, (sid, qty, date, hits)
    return hits[0]


def ratio(eq: list[Ratio], sid: str, date: str) -> Decimal:
    hits = [q.grams for q in eq if q.substance == sid and in_period(q.effective_from, q.effective_to, date)]
    assert len(hits) == 1, (sid, date, hits)
    return hits[0]


def run_checks(bands, eq, prov, crack) -> list[str]:
    results = []

    def check(name, got, want):
        ok = got == want
        results.append(f"{'PASS' if ok else 'FAIL'} {name}: got {got}, want {want}")
        return ok

    d16 = "2016-11-01"
    # G2016-2D1.1-n8A: oxymorphone 100 g -> 500 kg marihuana -> level 26.
    m = G(100) * ratio(eq, "oxymorphone", d16)
    check("n8A oxymorphone 100 g (marihuana g)", m, KG(500))
    check("n8A level", level(bands, "marihuana", m, d16), 26)
    # G2016-2D1.1-n8C-i: PCP 70 g + LSD 250 mg -> 95 kg -> 22 (alone 20 and 16).
    pcp = G(70) * ratio(eq, "pcp_mixture", d16)
    lsd = MG(250) * ratio(eq, "lsd", d16)
    check("n8C-i PCP alone level", level(bands, "marihuana", pcp, d16), 20)
    check("n8C-i LSD alone level", level(bands, "marihuana", lsd, d16), 16)
    check("n8C-i total (g)", pcp + lsd, KG(95))
    check("n8C-i level", level(bands, "marihuana", pcp + lsd, d16), 22)
    # G2016-2D1.1-n8C-ii: marihuana 500 g + diazepam (Schedule IV) 10,000 units -> 1.125 kg -> 8.
    dz = dec(10000) * ratio(eq, "schedule_iv", d16)
    check("n8C-ii diazepam (g)", dz, G(625))
    check("n8C-ii each alone", (level(bands, "marihuana", G(500), d16), level(bands, "marihuana", dz, d16)), (6, 6))
    check("n8C-ii level", level(bands, "marihuana", G(500) + dz, d16), 8)
    # G2016-2D1.1-n8C-iv: caps (no level stated in the source).
    caps = {r[3]: dec(r[4]) for r in prov if r[2] == "cap_marihuana_grams" and r[0] == D2014}
    s3 = dec(76000) * ratio(eq, "schedule_iii", d16)
    s4 = dec(200000) * ratio(eq, "schedule_iv", d16)
    s5 = dec(600000) * ratio(eq, "schedule_v", d16)
    s5c = min(s5, caps["schedule_v"])
    s45c = min(s4 + s5c, caps["schedule_iv;schedule_v"])
    total = min(s3 + s45c, caps["schedule_iii;schedule_iv;schedule_v"])
    check("n8C-iv uncapped Sch IV / Sch V (g)", (s4, s5), (G(12500), G(3750)))
    check("n8C-iv combined capped (g)", total, KG("79.99"))
    # 2016 commentary example (law.md §2.6): 80 g cocaine + 2 g crack = 23.142 kg -> 16.
    c = G(80) * ratio(eq, "cocaine", d16) + G(2) * ratio(eq, "cocaine_base", d16)
    check("n8B cocaine+crack (g)", c, G(23142))
    check("n8B level", level(bands, "marihuana", c, d16), 16)
    # A750-ex: 5 g crack -> 24 under the 2007 table, 16 under the FSA (2011) table.
    check("A750 5 g crack, 2007-2010 table", level(bands, "cocaine_base", G(5), "2009-06-01"), 24)
    check("A750 5 g crack, 2011 table", level(bands, "cocaine_base", G(5), "2011-11-01"), 16)
    # A706-ex (Amdt 706 as inserted, Nov 2007): 1.5 kg cocaine + 10 kg marihuana + 20 g crack -> 28.
    dA = "2007-11-01"
    ratio_by_level = {int(r[3]): dec(r[4]) for r in crack if r[2] == "level_dependent_ratio"}
    others = KG("1.5") * ratio(eq, "cocaine", dA) + KG(10)
    check("A706 others (g)", others, KG(310))
    crack_level = level(bands, "cocaine_base", G(20), dA)          # Amdt 711 keying (in force)
    other_level = level(bands, "marihuana", others, dA)            # Amdt 706-as-inserted keying
    check("A706 crack's own level / others' level", (crack_level, other_level), (26, 26))
    check("A706 ratio at level 26 (g/g)", ratio_by_level[26], KG(5))
    for label, lv in (("711 keying", crack_level), ("706-as-inserted keying", other_level)):
        tot = others + G(20) * ratio_by_level[lv]
        check(f"A706 combined level ({label})", level(bands, "marihuana", tot, dA), 28)
    # A711-ex-I (2-level reduction, 2008-05-01 .. 2010-10-31): 20 g crack + 1.5 kg cocaine + 10 kg -> 28.
    dB = "2009-06-01"
    rule = next(r for r in crack if r[2] == "two_level_reduction")
    cr = G(20)
    tot = cr * dec(rule[4]) + KG("1.5") * ratio(eq, "cocaine", dB) + KG(10)
    check("A711-ex-I total (g)", tot, KG(710))
    full = level(bands, "marihuana", tot, dB)
    check("A711-ex-I level before reduction", full, 30)
    exempt = cr >= dec(rule[6]) or cr < dec(rule[7])
    reduced = full if exempt else full - int(rule[5])
    alone = level(bands, "marihuana", tot - cr * dec(rule[4]), dB)
    check("A711-ex-I others alone", alone, 26)
    # Exception (II): no reduction if the reduced level would fall below the other drugs' level alone.
    check("A711-ex-I combined level", full if exempt or reduced < alone else reduced, 28)
    # Amdt 715 example (II) (App. C Vol. III; not in the shared cases): 5 g crack + 6 kg heroin -> 34.
    tot = G(5) * dec(rule[4]) + KG(6) * ratio(eq, "heroin", dB)
    full = level(bands, "marihuana", tot, dB)
    alone = level(bands, "marihuana", KG(6) * ratio(eq, "heroin", dB), dB)
    reduced = full - int(rule[5])
    check("A715-ex-II reduced level below heroin alone", (reduced, alone), (32, 34))
    check("A715-ex-II combined level", full if reduced < alone else reduced, 34)
    return results


# ---------------------------------------------------------------------------------------------

def write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    b16 = bands_2016()
    bands = b16 + bands_before_2014(b16)
    check_bands(bands)
    order = {s: i for i, s in enumerate(SUBSTANCE_ORDER)}
    bands.sort(key=lambda b: (order[b.substance], b.effective_from, -b.level))

    eq, eq_info = ratios()
    prov = provisos()
    crack = crack_rules()
    subs = substances(bands, eq, eq_info)

    write("drug_quantity_table.csv",
          ["effective_from", "effective_to", "substance", "base_offense_level", "at_least", "less_than", "unit",
           "amendment", "source", "confirmed"],
          [[b.effective_from, b.effective_to, b.substance, str(b.level), fmt(b.at_least), fmt(b.less_than), b.unit,
            b.amendment, b.source, b.confirmed] for b in bands])
    write("drug_equivalency_table.csv",
          ["effective_from", "effective_to", "substance", "display_name", "input_unit", "marihuana_grams_per_unit",
           "schedule_group", "source", "confirmed"],
          [[q.effective_from, q.effective_to, q.substance, q.display_name, q.input_unit, fmt(q.grams), q.group,
            q.source, q.confirmed] for q in eq])
    write("equivalency_provisos.csv",
          ["effective_from", "effective_to", "rule", "schedule_groups", "value", "source", "confirmed"], prov)
    write("crack_combination_rules.csv",
          ["effective_from", "effective_to", "method", "crack_base_offense_level", "marihuana_grams_per_gram",
           "levels_subtracted", "exception_at_least_grams", "exception_less_than_grams", "source", "confirmed"], crack)
    write("substances.csv", ["substance", "display_name", "input_unit", "greater_of_group", "aliases", "source"], subs)

    results = run_checks(bands, eq, prov, crack)
    for line in results:
        print(line)
    print(f"drug_quantity_table.csv: {len(bands)} rows ({sum(b.confirmed == 'no' for b in bands)} confirmed=no)")
    print(f"drug_equivalency_table.csv: {len(eq)} rows ({sum(q.confirmed == 'no' for q in eq)} confirmed=no)")
    print(f"equivalency_provisos.csv: {len(prov)} rows ({sum(r[-1] == 'no' for r in prov)} confirmed=no)")
    print(f"crack_combination_rules.csv: {len(crack)} rows")
    print(f"substances.csv: {len(subs)} rows")
    failed = [r for r in results if r.startswith("FAIL")]
    if failed:
        print(f"{len(failed)} check(s) FAILED", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
