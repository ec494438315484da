"""Build ``data/states.csv``: every State's code, names in English and Norwegian, and aliases.

Usage::

    python -m shield.treaty.build_states [--out FILE]

Sources (see ``data/SOURCES.md``): ISO 3166-1 as pycountry ships it (codes; the short,
official and common English names) and the Unicode CLDR territory names as Babel ships them
(locales 'en' and 'nb'). Neither library is a runtime dependency: both are imported inside
:func:`build` only. Written by hand below, each with its reason: the names the depositaries
(UNESCO, the UN Secretary-General) and people use that neither source gives, the few
names where CLDR's display name does not name the State (e.g. 'Congo - Kinshasa'), and the
historical States a succession needs.

The build stops if one name would name two States.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from shield.treaty.states import ALIAS_SEPARATOR, COLUMNS, normalize

DATA = Path(__file__).resolve().parent / "data"

# Names where CLDR's display name is not the State's name (written by hand).
NAME_EN = {
    "COD": "Democratic Republic of the Congo",  # CLDR: 'Congo - Kinshasa'
    "PSE": "Palestine",  # CLDR: 'Palestinian Territories'; the State of Palestine is a Party
    "VAT": "Holy See",  # the Holy See, not Vatican City, is the party to the Convention
    "RUS": "Russia",  # CLDR 'en'; ISO: 'Russian Federation' (an alias)
}
NAME_NB = {
    "COD": "Den demokratiske republikken Kongo",  # CLDR 'nb': 'Kongo' (ambiguous)
    "PSE": "Palestina",  # CLDR 'nb': 'Det palestinske området'
    "VAT": "Den hellige stol",  # CLDR 'nb': 'Vatikanstaten' (an alias)
    "MMR": "Myanmar",  # CLDR 'nb': 'Myanmar (Burma)'
    "HKG": "Hongkong",  # CLDR 'nb': 'Hongkong SAR Kina'
    "MAC": "Macao",  # CLDR 'nb': 'Macao SAR Kina'
}
# Names that would name two States: left out (the lookup then suggests both).
AMBIGUOUS = {"kongo"}

# The names the depositaries' tables and people use, where neither source gives them.
ALIASES = {
    "ARE": ["UAE"],
    "BLR": ["Hviterussland", "Byelorussian Soviet Socialist Republic"],
    "BOL": ["Bolivia (Plurinational State of)"],
    "CIV": ["Ivory Coast", "Republic of Côte d'Ivoire"],
    "COD": ["DR Congo", "Congo-Kinshasa", "Kongo-Kinshasa", "DR Kongo", "Zaire"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville", "Republikken Kongo"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic", "Den tsjekkiske republikk"],
    "DEU": ["Federal Republic of Germany", "Forbundsrepublikken Tyskland"],
    "FSM": ["Micronesia (Federated States of)"],
    "GBR": [
        "United Kingdom of Great Britain and Northern Ireland",
        "UK",
        "Great Britain",
        "Britain",
        "Det forente kongerike Storbritannia og Nord-Irland",
    ],
    "IRN": ["Iran (Islamic Republic of)"],
    "KOR": ["Republic of Korea"],
    "LBY": ["Libyan Arab Jamahiriya"],
    "MDA": ["Republic of Moldova"],
    "MKD": [
        "The former Yugoslav Republic of Macedonia",
        "Macedonia",
        "Makedonia",
        "Den tidligere jugoslaviske republikken Makedonia",
    ],
    "MMR": ["Burma"],
    "NLD": ["Netherlands (Kingdom of the)", "Holland"],
    "PRK": ["Democratic People's Republic of Korea"],
    "PSE": ["State of Palestine", "Staten Palestina"],
    "SWZ": ["Swaziland"],
    "TUR": ["Turkey"],
    "TZA": ["United Republic of Tanzania"],
    "USA": ["United States of America", "Amerikas forente stater", "De forente stater"],
    "VAT": ["Vatican", "Vatican City State", "Vatikanet"],
    "VEN": ["Venezuela (Bolivarian Republic of)"],
}

# Historical States (ISO 3166-3 codes formerly in ISO 3166-1), written by hand.
HISTORICAL = [
    (
        "SUN",
        "SU",
        "Soviet Union",
        "Sovjetunionen",
        [
            "Union of Soviet Socialist Republics",
            "USSR",
            "Den sovjetiske sosialistiske republikkers union",
        ],
    ),
    (
        "YUG",
        "YU",
        "Yugoslavia",
        "Jugoslavia",
        [
            "Socialist Federal Republic of Yugoslavia",
            "Federal Republic of Yugoslavia",
            "Den sosialistiske føderative republikken Jugoslavia",
            "Forbundsrepublikken Jugoslavia",
        ],
    ),
    (
        "CSK",
        "CS",
        "Czechoslovakia",
        "Tsjekkoslovakia",
        ["Czechoslovak Socialist Republic", "Czech and Slovak Federal Republic"],
    ),
    (
        "DDR",
        "DD",
        "German Democratic Republic",
        "Den tyske demokratiske republikk",
        ["East Germany", "GDR", "Øst-Tyskland"],
    ),
    (
        "SCG",
        "CS",
        "Serbia and Montenegro",
        "Serbia og Montenegro",
        ["State Union of Serbia and Montenegro", "Statsunionen Serbia og Montenegro"],
    ),
    (
        "YMD",
        "YD",
        "Democratic Yemen",
        "Sør-Jemen",
        [
            "People's Democratic Republic of Yemen",
            "South Yemen",
            "Den demokratiske folkerepublikken Jemen",
        ],
    ),
]


def _inverted(name: str) -> list[str]:
    """ISO's 'Korea, Republic of' as 'Republic of Korea' and 'Korea (Republic of)'."""
    head, sep, tail = name.partition(", ")
    if not sep or not (tail.endswith(" of") or tail.endswith(" of the")):
        return []
    return [f"{tail} {head}", f"{head} ({tail})"]


def _cldr_en(text: str) -> str:
    """CLDR's English display name in the words ISO and the depositaries use."""
    text = text.replace("’", "'").replace(" & ", " and ")
    return "Saint " + text[4:] if text.startswith("St. ") else text


def build() -> tuple[list[dict[str, str]], dict[str, str]]:
    """The rows of ``states.csv`` and the versions of the sources that made them."""
    import importlib.metadata

    import pycountry
    from babel import Locale
    from babel.core import get_cldr_version

    en, nb = Locale("en").territories, Locale("nb").territories
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        common = getattr(c, "common_name", None)
        official = getattr(c, "official_name", None)
        plain = c.name if "," not in c.name and "(" not in c.name else None
        name_en = NAME_EN.get(c.alpha_3) or common or plain or _cldr_en(en[c.alpha_2])
        name_nb = NAME_NB.get(c.alpha_3) or nb[c.alpha_2]
        aliases = [
            *ALIASES.get(c.alpha_3, []),
            c.name,
            *_inverted(c.name),
            official,
            common,
            _cldr_en(en[c.alpha_2]),
            en[c.alpha_2],
            nb[c.alpha_2],
        ]
        rows.append(_row(c.alpha_3, c.alpha_2, name_en, name_nb, aliases, False))
    for code, alpha2, name_en, name_nb, aliases in HISTORICAL:
        old = pycountry.historic_countries.get(alpha_3=code)
        rows.append(
            _row(code, alpha2, name_en, name_nb, [*aliases, old.name if old else None], True)
        )
    rows.sort(key=lambda r: r["code"])
    _check(rows)
    versions = {
        "pycountry": importlib.metadata.version("pycountry"),
        "Babel": importlib.metadata.version("babel"),
        "CLDR": get_cldr_version(),
    }
    return rows, versions


def _row(
    code: str, alpha2: str, name_en: str, name_nb: str, aliases: list[str | None], historical: bool
) -> dict[str, str]:
    seen = {normalize(name_en), normalize(name_nb)}
    kept = []
    for alias in aliases:
        key = normalize(alias or "")
        if alias and key not in seen and key not in AMBIGUOUS:
            seen.add(key)
            kept.append(alias)
    return {
        "code": code,
        "alpha2": alpha2,
        "name_en": name_en,
        "name_nb": name_nb,
        "aliases": ALIAS_SEPARATOR.join(kept),
        "historical": "true" if historical else "false",
    }


def _check(rows: list[dict[str, str]]) -> None:
    owner: dict[str, str] = {}
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("states: a code is repeated")
    for r in rows:
        for text in [r["name_en"], r["name_nb"], *r["aliases"].split(ALIAS_SEPARATOR)]:
            key = normalize(text)
            if key and owner.setdefault(key, r["code"]) != r["code"]:
                raise SystemExit(f"states: {text!r} would name both {owner[key]} and {r['code']}")


def write(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DATA / "states.csv")
    args = parser.parse_args(argv)
    rows, versions = build()
    args.out.write_text(write(rows), encoding="utf-8")
    print(
        f"{len(rows)} States written to {args.out} "
        f"({', '.join(f'{k} {v}' for k, v in versions.items())})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
