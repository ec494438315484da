"""Generate a registry CSV of N synthetic properties with names in several scripts.

Deterministic for a given seed. Used by the import benchmark.
"""

from __future__ import annotations

import argparse
import csv
import json
import random

SYLLABLES_LATN = [
    "ka",
    "ra",
    "van",
    "ser",
    "tsi",
    "gan",
    "dza",
    "shu",
    "mar",
    "tig",
    "nor",
    "hag",
    "pat",
    "ani",
    "dav",
]
ARMENIAN = dict(
    zip(
        SYLLABLES_LATN,
        [
            "կա",
            "րա",
            "վան",
            "սեր",
            "ծի",
            "գան",
            "ձա",
            "շու",
            "մար",
            "տիգ",
            "նոր",
            "հաղ",
            "պատ",
            "անի",
            "դավ",
        ],
    )
)
CYRILLIC = dict(
    zip(
        SYLLABLES_LATN,
        [
            "ка",
            "ра",
            "ван",
            "сер",
            "ци",
            "ган",
            "дза",
            "шу",
            "мар",
            "тиг",
            "нор",
            "хаг",
            "пат",
            "ани",
            "дав",
        ],
    )
)
CATEGORIES = [
    "monument",
    "archaeological_site",
    "group_of_buildings",
    "museum",
    "library",
    "archive",
]
STATES = ["ARM", "AZE", "GEO", "UKR", "NOR", "MLI"]
HEADER = [
    "external_id",
    "category",
    "state",
    "name:en",
    "name:hy",
    "name:ru:variant",
    "lat",
    "lon",
    "protection",
]
PROTECTION = json.dumps(
    # general protection needs no event (it is derived from the law); every tenth record carries a
    # special-protection grant, so that the protection history is exercised at scale
    [
        {
            "level": "special",
            "action": "granted",
            "effective_date": "1990-01-01",
            "basis": "Convention Art. 8 (benchmark data)",
        }
    ]
)


def rows(n: int, seed: int = 1954):
    rnd = random.Random(seed)
    for i in range(n):
        parts = [rnd.choice(SYLLABLES_LATN) for _ in range(rnd.randint(2, 4))]
        latin = "".join(parts).capitalize() + f" {i}"
        yield [
            f"bench:{i}",
            rnd.choice(CATEGORIES),
            rnd.choice(STATES),
            latin,
            "".join(ARMENIAN[p] for p in parts),
            "".join(CYRILLIC[p] for p in parts).capitalize(),
            f"{rnd.uniform(35, 60):.5f}",
            f"{rnd.uniform(20, 50):.5f}",
            PROTECTION if i % 10 == 0 else "",
        ]


def write(path: str, n: int, seed: int = 1954) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerows(rows(n, seed))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.path, args.rows)
