"""Market listings linked to a register at scale: Fellegi-Sunter on Splink.

No Django, no I/O beyond the model file. A listing (a lot in a catalogue, an offer on a
marketplace) and a register's object are each a :class:`Lot`. Before Splink sees them, each is
*prepared* by :mod:`shield.matching`'s own readers, so that SQL compares what survives a
change of language, script and unit:

- the title folded across scripts (:func:`shield.matching.fold`) and its words' phonetic
  skeletons (:func:`shield.matching.skeleton`);
- the object type and the materials as concept ids of the multilingual vocabulary
  (:mod:`shield.matching.vocabulary`: "ваза", "vase", "Ծաղկաման" are one concept);
- the measurements as lengths in millimetres, largest first (:mod:`~.measuretext`), with
  log-size buckets for blocking;
- the date as a year range (:func:`shield.matching.objects.year_range`);
- the photographs as the register ids an image index found near each listing's photographs
  (``image_near``: computed outside, by the image index; passed in).

One settings builder (:func:`build_settings`) serves both engines: DuckDB (embedded, the
default) and Spark (``engine="spark"``); the SQL each level uses is portable or written by
Splink's own level library for the engine's dialect. Parameters are trained unsupervised
(:func:`train`: u by random sampling, m by expectation-maximisation) and saved as a
:class:`LinkModel` (JSON: the builder's version, the trained m and u of every level, and a
digest of both that names the model).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

from .folding import fold
from .measuretext import lengths_mm
from .objects import year_range
from .phonetic import skeleton
from .vocabulary import load as load_vocabulary

Engine = Literal["duckdb", "spark"]
ENGINES: Final[tuple[str, ...]] = ("duckdb", "spark")
SETTINGS_VERSION: Final[str] = "linkage-3"
"""The settings builder's version: a model trained under one builder is read only by it."""

ImageNear = Mapping[str, Sequence[tuple[str, float]]]
"""listing id -> [(register id, Hamming bits 0..64 of the nearest pair of photographs)]."""

CLOSE_BITS: Final[float] = 8.0
NEAR_BITS: Final[float] = 16.0
TOLERANCE: Final[float] = 0.05
"""Two lengths agree within 5 % of the larger (at least 5 mm): rounding, cm to inches."""
LOOSE: Final[float] = 0.15
SIZE_STEP: Final[float] = math.log(1.12)
"""Blocking buckets lengths on a log scale 12 % wide, on two grids half a bucket apart: two
lengths within 5 % always share a bucket on one of them."""
NO_SECOND: Final[int] = -1
"""The second length's bucket of a record with one length (SQL's NULL would join nothing)."""
DEFAULT_SHARE: Final[float] = 0.01
"""Before training: the share of listings taken to be a register's object."""

_STOP: Final = frozenset(
    {"the", "and", "with", "from", "of", "de", "du", "des", "la", "le", "les", "en", "et",
     "und", "mit", "der", "die", "das", "von", "aus", "a", "an", "on", "in", "avec", "sur"}
)  # fmt: skip

FIELDS: Final[tuple[str, ...]] = (
    "title",
    "object_type",
    "materials",
    "measurements",
    "date",
    "image",
)


@dataclass(frozen=True)
class Lot:
    """One record, a listing or a register's object alike."""

    id: str
    title: str = ""
    description: str = ""
    object_type: str = ""
    materials: str = ""
    measurements: str = ""
    date: str = ""
    language: str | None = None
    photos: int = 0


@dataclass(frozen=True)
class Evidence:
    field: str
    level: str
    weight: float  # log2 of the level's Bayes factor
    listing: str
    record: str


@dataclass(frozen=True)
class Pair:
    listing_id: str
    record_id: str
    probability: float
    weight: float
    evidence: tuple[Evidence, ...]
    image_bits: float | None = None


@dataclass(frozen=True)
class Linkage:
    pairs: list[Pair]
    compared: int
    model_version: str
    seconds: float
    engine: str = "duckdb"
    timings: dict[str, float] = field(default_factory=dict)


class LinkageError(ValueError):
    """A model file that cannot be read, or an engine that cannot run."""


# ---- preparing ------------------------------------------------------------------------------


def _size_buckets(mm: float | None) -> tuple[int | None, int | None]:
    if mm is None or mm <= 0:
        return None, None
    x = math.log(mm) / SIZE_STEP
    return math.floor(x), math.floor(x + 0.5)


def _title_words(folded: str) -> list[str]:
    """The title's words that name the object itself: not stop words, numbers, or words of the
    vocabulary (an object type or a material is compared as a concept already; in the title
    too it would be counted twice, and "statue" would make any two statues' titles alike)."""
    vocab = load_vocabulary()
    return [
        w
        for w in folded.split()
        if len(w) > 2 and w not in _STOP and not w.isdigit() and not vocab.is_label_word(w)
    ]


def _title_keys(folded: str) -> list[str]:
    return sorted({skeleton(w) or w for w in _title_words(folded)})


def _title_key(folded: str) -> str | None:
    """The skeletons of the title's two longest words, sorted: a blocking key that survives
    spelling and script, and is rare enough to block on."""
    words = _title_words(folded)
    if not words:
        return None
    longest = sorted(words, key=lambda w: (-len(w), w))[:2]
    return " ".join(sorted(skeleton(w) or w for w in longest))


_ROMAN: Final = re.compile(
    r"\b([IVX]{1,6})(?:e|er|re|th|st|nd|rd|\.|-?(?:й|го|ого))?\s*"
    r"(?:siècle|siecle|s\.|century|cent\.|jh|jahrhundert|век|в\.|ст\.|століття|sec|dar|əsr)",
    re.IGNORECASE,
)
_ROMAN_VALUES: Final = {"i": 1, "v": 5, "x": 10}


def _roman(numeral: str) -> int:
    total, prev = 0, 0
    for ch in reversed(numeral.lower()):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def years_of(text: str) -> tuple[int, int] | None:
    """The years a date names: :func:`shield.matching.objects.year_range`, and centuries in
    Roman numerals as French, Russian or Ukrainian catalogues write them ("XVIIIe siècle",
    "XVIII век")."""
    if not text or not text.strip():
        return None
    found = _ROMAN.search(text)
    if found:
        century = _roman(found[1])
        if 1 <= century <= 21:
            return (century - 1) * 100 + 1, century * 100
    return year_range(text)


COLUMNS: Final[tuple[str, ...]] = (
    "unique_id",
    "rid",
    "title_fold",
    "title_keys",
    "title_key",
    "types",
    "type1",
    "mats",
    "mat1",
    "dim1",
    "dim2",
    "size_a",
    "size_b",
    "size2_a",
    "size2_b",
    "year_lo",
    "year_hi",
    "img_n",
    "img_close",
    "img_near",
    "img_keys",
)
ARRAY_COLUMNS: Final = frozenset(
    {"title_keys", "types", "mats", "img_close", "img_near", "img_keys"}
)
INT_COLUMNS: Final = frozenset(
    {"size_a", "size_b", "size2_a", "size2_b", "year_lo", "year_hi", "img_n"}
)
FLOAT_COLUMNS: Final = frozenset({"dim1", "dim2"})


def prepare(
    lots: Iterable[Lot],
    image_near: ImageNear | None = None,
    register: bool = False,
    progress: Callable[[int], None] | None = None,
) -> dict[str, list[Any]]:
    """The columns Splink compares, one list per column (:data:`COLUMNS`), a row per lot."""
    vocab = load_vocabulary()
    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    near = image_near or {}
    done = 0
    for lot in lots:
        lang = lot.language or None
        folded = fold(lot.title, lang) if lot.title else ""
        types = vocab.find(lot.object_type, "object_type", lang) or (
            vocab.find(lot.title, "object_type", lang)
            or vocab.find(lot.description, "object_type", lang)
        )
        mats = vocab.find(lot.materials, "material", lang) or vocab.find(
            f"{lot.title} {lot.description}", "material", lang
        )
        dims = lengths_mm(lot.measurements) or lengths_mm(lot.description)
        d1 = dims[0] if dims else None
        d2 = dims[1] if len(dims) > 1 else None
        s1, s2 = _size_buckets(d1), _size_buckets(d2)
        if d1 is not None and d2 is None:  # one length: blocks with the others of one length
            s2 = (NO_SECOND, NO_SECOND)
        years = years_of(lot.date)
        cols["unique_id"].append(lot.id)
        cols["rid"].append(lot.id)
        cols["title_fold"].append(folded or None)
        keys = _title_keys(folded)
        cols["title_keys"].append(keys or None)
        cols["title_key"].append(_title_key(folded))
        cols["types"].append(list(types) or None)
        cols["type1"].append(types[0] if types else None)
        cols["mats"].append(list(mats) or None)
        cols["mat1"].append(mats[0] if mats else None)
        cols["dim1"].append(d1)
        cols["dim2"].append(d2)
        cols["size_a"].append(s1[0])
        cols["size_b"].append(s1[1])
        cols["size2_a"].append(s2[0])
        cols["size2_b"].append(s2[1])
        cols["year_lo"].append(years[0] if years else None)
        cols["year_hi"].append(years[1] if years else None)
        cols["img_n"].append(lot.photos or None)
        if register:
            cols["img_close"].append(None)
            cols["img_near"].append(None)
            cols["img_keys"].append([lot.id])
        else:
            found = near.get(lot.id, ())
            close = sorted({r for r, bits in found if bits <= CLOSE_BITS})
            nearer = sorted({r for r, bits in found if bits <= NEAR_BITS})
            cols["img_close"].append(close or None)
            cols["img_near"].append(nearer or None)
            cols["img_keys"].append(nearer or None)
        done += 1
        if progress is not None and done % 5000 == 0:
            progress(5000)
    if progress is not None and done % 5000:
        progress(done % 5000)
    return cols


# ---- the settings builder -------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    label: str
    sql: str | None = None  # a portable SQL condition; None: from Splink's level library
    kind: str = ""  # the library level: "exact", "jaro_winkler", "array_intersect"
    column: str = ""
    value: float = 0.0
    u_fixed: float | None = None  # a u probability set, not sampled
    m_fixed: float | None = None  # an m probability set from measurement, not trained


@dataclass(frozen=True)
class ComparisonSpec:
    name: str
    null: str  # the SQL condition under which the comparison says nothing
    levels: tuple[Level, ...]  # most specific first; the else level is added last
    else_m: float | None = None  # the else level's m, when the levels' m are set

    def labels(self) -> tuple[str, ...]:
        return (*(lv.label for lv in self.levels), "differs")


def _within(tol: float) -> str:
    def one(a: str) -> str:
        return f"abs({a}_l - {a}_r) <= greatest({tol} * greatest({a}_l, {a}_r), 5.0)"

    return f"({one('dim1')}) AND ({'dim2_l IS NULL OR dim2_r IS NULL OR ' + one('dim2')})"


def _contains(array: str, value: str) -> str:
    return f"(array_contains({array}_l, {value}_r) OR array_contains({array}_r, {value}_l))"


SPECS: Final[tuple[ComparisonSpec, ...]] = (
    ComparisonSpec(
        "title",
        "title_fold_l IS NULL OR title_fold_r IS NULL",
        (
            Level("same title", kind="exact", column="title_fold"),
            Level("title nearly the same", kind="jaro_winkler", column="title_fold", value=0.92),
            Level("every word of one alike", kind="array_subset", column="title_keys"),
            Level("two words alike", kind="array_intersect", column="title_keys", value=2),
            Level("one word alike", kind="array_intersect", column="title_keys", value=1),
        ),
    ),
    ComparisonSpec(
        "object_type",
        "types_l IS NULL OR types_r IS NULL",
        (Level("same concept", kind="array_intersect", column="types", value=1),),
    ),
    ComparisonSpec(
        "materials",
        "mats_l IS NULL OR mats_r IS NULL",
        (
            Level("two materials shared", kind="array_intersect", column="mats", value=2),
            Level("a material shared", kind="array_intersect", column="mats", value=1),
        ),
    ),
    ComparisonSpec(
        "measurements",
        "dim1_l IS NULL OR dim1_r IS NULL",
        (
            Level(f"within {TOLERANCE:.0%}", sql=_within(TOLERANCE)),
            Level(f"within {LOOSE:.0%}", sql=_within(LOOSE)),
        ),
    ),
    ComparisonSpec(
        "date",
        "year_lo_l IS NULL OR year_lo_r IS NULL",
        (
            Level("periods overlap", sql="year_lo_l <= year_hi_r AND year_lo_r <= year_hi_l"),
            Level(
                "within 50 years",
                sql="year_lo_l <= year_hi_r + 50 AND year_lo_r <= year_hi_l + 50",
            ),
        ),
    ),
    ComparisonSpec(
        "image",
        "img_n_l IS NULL OR img_n_r IS NULL",
        (
            Level(
                f"photograph within {CLOSE_BITS:g} bits",
                sql=_contains("img_close", "rid"),
                u_fixed=1e-5,
                m_fixed=0.85,
            ),
            Level(
                f"photograph within {NEAR_BITS:g} bits",
                sql=_contains("img_near", "rid"),
                u_fixed=1e-3,
                m_fixed=0.05,
            ),
        ),
        else_m=0.10,
    ),
)
"""The photograph's m and u are set, not trained: u because random pairs never reach its levels
(sampling cannot see them); m from the image index's measurement of copies (cropped to 90-97 %,
flipped, turned, resized, recompressed: about 98 % within 12 bits, median 4-6), less a margin
for a listing that photographs the object anew (a new photograph lies as far as an unrelated
one): both sides photographed and nothing near weighs log2(0.10/0.999), about -3.3 bits. EM left
to itself put that m near 0.5 (-1 bit), because most pairs of its training blocks have no
photograph near whatever they are."""


BLOCKING: Final[tuple[tuple[str, ...], ...]] = (
    ("img_keys",),  # exploded: the pairs the photographs propose
    ("type1", "mat1", "size_a", "size2_a"),
    ("type1", "mat1", "size_b", "size2_b"),
    ("type1", "mat1", "size_a", "size2_b"),
    ("type1", "mat1", "size_b", "size2_a"),
    ("title_key", "type1"),
    ("title_key", "size_a"),
    ("title_key", "size_b"),
    ("title_fold",),
)
"""The rules that propose pairs for prediction (Splink compares each pair once). Sized for a
million register objects (linkage-3's second form): the object type and the size, the material
with them (a block of type and size alone holds about a thousand objects at a million), the
title's key with the type or the size, the whole folded title, and the photographs' pairs.
Before, type and size alone, material and size alone, and type, material and one length
proposed 857,238 pairs for 10,000 listings against 100,000 objects (about 86 million at the
full size)."""

TRAINING_BLOCKS: Final[tuple[tuple[str, ...], ...]] = (("title_fold",), ("types", "mats"))
"""Expectation-maximisation runs once on each. Each blocks on columns that comparisons use
themselves, so that Splink leaves those comparisons out of that session (a block on a derived
column, a size bucket say, would bias the m of the comparison it derives from): the first
trains every comparison but the title, the second every one but the type and the materials."""


@dataclass(frozen=True)
class Params:
    """The trained parameters: per comparison, m and u of each non-null level (else last)."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    share: float = DEFAULT_SHARE

    def as_dict(self) -> dict[str, Any]:
        return {"m": self.m, "u": self.u, "share": self.share}


def default_params() -> Params:
    """Parameters before any training: agreement likely among matches, rare among others."""
    m: dict[str, list[float]] = {}
    u: dict[str, list[float]] = {}
    for spec in SPECS:
        n = len(spec.levels)
        top = [0.9 / n] * n
        m[spec.name] = [*top, 0.1]
        low = [lv.u_fixed if lv.u_fixed is not None else 0.01 / n for lv in spec.levels]
        u[spec.name] = [*low, 1.0 - sum(low)]
    return Params(m, u)


def _library_level(level: Level) -> Any:
    import splink.comparison_level_library as cll

    if level.kind == "exact":
        return cll.ExactMatchLevel(level.column)
    if level.kind == "jaro_winkler":
        return cll.JaroWinklerLevel(level.column, level.value)
    if level.kind == "array_intersect":
        return cll.ArrayIntersectLevel(level.column, int(level.value))
    if level.kind == "array_subset":
        return cll.ArraySubsetLevel(level.column)
    raise LinkageError(f"unknown level kind {level.kind!r}")


def build_settings(params: Params, register_size: int) -> Any:
    """The Splink settings (one builder for every engine): comparisons, blocking, parameters.

    The prior (Splink's probability that two random records match) is the trained share of
    listings that are a register's object, spread over the register searched."""
    import splink.comparison_level_library as cll
    from splink import SettingsCreator, block_on
    from splink.comparison_library import CustomComparison

    comparisons: list[Any] = []
    for spec in SPECS:
        levels: list[Any] = [
            cll.CustomLevel(spec.null, "no value to compare").configure(is_null_level=True)
        ]
        ms, us = params.m[spec.name], params.u[spec.name]
        for i, level in enumerate(spec.levels):
            made = (
                cll.CustomLevel(level.sql, level.label)
                if level.sql is not None
                else _library_level(level)
            )
            fixed = level.u_fixed is not None
            set_m = level.m_fixed is not None
            made = made.configure(
                m_probability=level.m_fixed if set_m else ms[i],
                u_probability=level.u_fixed if fixed else us[i],
                fix_u_probability=fixed,
                fix_m_probability=set_m,
                label_for_charts=level.label,
            )
            levels.append(made)
        set_else = spec.else_m is not None
        levels.append(
            cll.ElseLevel().configure(
                m_probability=spec.else_m if set_else else ms[-1],
                u_probability=us[-1],
                fix_m_probability=set_else,
                label_for_charts="differs",
            )
        )
        comparisons.append(CustomComparison(levels, output_column_name=spec.name))
    rules: list[Any] = [
        block_on(*cols, arrays_to_explode=["img_keys"])
        if cols == ("img_keys",)
        else block_on(*cols)
        for cols in BLOCKING
    ]
    prior = min(0.5, max(1e-12, params.share / max(1, register_size)))
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        probability_two_random_records_match=prior,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=[],
    )


# ---- the model file -------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkModel:
    params: Params
    trained_on: dict[str, Any] = field(default_factory=dict)

    @property
    def body(self) -> dict[str, Any]:
        return {
            "format": "heritage-shield-linkage",
            "settings_version": SETTINGS_VERSION,
            "comparisons": [
                {"name": s.name, "levels": list(s.labels()), "null": s.null} for s in SPECS
            ],
            "blocking": [list(b) for b in BLOCKING],
            "parameters": self.params.as_dict(),
            "trained_on": self.trained_on,
        }

    @property
    def digest(self) -> str:
        text = json.dumps(self.body, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def version(self) -> str:
        return f"{SETTINGS_VERSION}:{self.digest[:12]}"

    def as_json(self) -> str:
        return json.dumps(
            {**self.body, "version": self.version, "sha256": self.digest}, indent=1, sort_keys=True
        )

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.as_json() + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> LinkModel:
        try:
            raw = json.loads(text)
            if raw.get("settings_version") != SETTINGS_VERSION:
                raise LinkageError(
                    f"the model was made by settings {raw.get('settings_version')!r}; "
                    f"this engine reads {SETTINGS_VERSION!r}"
                )
            p = raw["parameters"]
            params = Params(
                {k: [float(x) for x in v] for k, v in p["m"].items()},
                {k: [float(x) for x in v] for k, v in p["u"].items()},
                float(p["share"]),
            )
            for spec in SPECS:
                if len(params.m[spec.name]) != len(spec.levels) + 1:
                    raise LinkageError(f"the model's {spec.name} has the wrong number of levels")
            model = cls(params, dict(raw.get("trained_on") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, LinkageError):
                raise
            raise LinkageError(f"not a linkage model file ({exc})") from None
        if raw.get("sha256") not in (None, model.digest):
            raise LinkageError("the model file's digest does not match its contents")
        return model

    @classmethod
    def load(cls, path: str | Path) -> LinkModel:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def default(cls) -> LinkModel:
        """The model shipped with the engine (``data/linkage_model.json``), or the untrained
        defaults when none is shipped."""
        try:
            text = (
                resources.files("shield.matching")
                .joinpath("data/linkage_model.json")
                .read_text(encoding="utf-8")
            )
        except FileNotFoundError:
            return cls(default_params(), {"note": "untrained defaults"})
        return cls.from_json(text)


# ---- engines --------------------------------------------------------------------------------

SPARK_PARTITIONS: Final[int] = 2
"""Shuffle partitions of the local session: one per core of a small machine; a cluster sets its own."""


def _frame(cols: Mapping[str, list[Any]]) -> Any:
    import pandas as pd

    frame = pd.DataFrame({c: cols[c] for c in COLUMNS})
    for c in INT_COLUMNS:
        frame[c] = frame[c].astype("Int64")
    for c in FLOAT_COLUMNS:
        frame[c] = frame[c].astype("Float64")
    return frame


def spark_session(checkpoints: str | None = None) -> Any:
    """A local Spark session for the linkage (driver on 127.0.0.1), with Splink's string
    similarity functions on its class path and a folder for Splink's checkpoints."""
    import tempfile

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master("local[2]")
        .appName("heritage-shield-linkage")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(SPARK_PARTITIONS))
        .config("spark.default.parallelism", str(SPARK_PARTITIONS))
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(checkpoints or tempfile.mkdtemp(prefix="shield-spark-"))
    return session


def _spark_frame(spark: Any, cols: Mapping[str, list[Any]]) -> Any:
    from pyspark.sql import types as T

    fields = []
    for c in COLUMNS:
        if c in ARRAY_COLUMNS:
            kind: Any = T.ArrayType(T.StringType())
        elif c in INT_COLUMNS:
            kind = T.LongType()
        elif c in FLOAT_COLUMNS:
            kind = T.DoubleType()
        else:
            kind = T.StringType()
        fields.append(T.StructField(c, kind, True))
    rows = list(zip(*(cols[c] for c in COLUMNS)))
    return spark.createDataFrame(rows, T.StructType(fields))


def _linker(
    engine: str,
    listings: Mapping[str, list[Any]],
    register: Mapping[str, list[Any]],
    settings: Any,
    spark: Any = None,
) -> Any:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    if engine == "duckdb":
        from splink import DuckDBAPI

        db_api: Any = DuckDBAPI()
        tables: list[Any] = [_frame(listings), _frame(register)]
    elif engine == "spark":
        from splink.backends.spark import SparkAPI

        session = spark if spark is not None else spark_session()
        db_api = SparkAPI(
            spark_session=session,
            break_lineage_method="persist",
            num_partitions_on_repartition=SPARK_PARTITIONS,
        )  # type: ignore[no-untyped-call]
        tables = [_spark_frame(session, listings), _spark_frame(session, register)]
    else:
        raise LinkageError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    return Linker(
        tables,
        settings,
        db_api=db_api,
        input_table_aliases=["listings", "register"],
        set_up_basic_logging=False,
    )


M_FLOOR: Final[float] = 0.005
"""The least m a trained level keeps: EM drives a level no match of its block fell in to 0, and
a Bayes factor of 0 would let one field overrule every other. (u is sampled: a rare level's
small u is what it should be.)"""


def _trained(value: Any, default: float, floor: float = 0.0) -> float:
    return default if value is None else max(float(value), floor)


def _params_from(linker: Any, share: float) -> Params:
    """The trained m and u of every level; a comparison or level Splink left untrained (too
    few pairs) keeps the defaults."""
    trained = linker.misc.save_model_to_json()
    defaults = default_params()
    m = {k: list(v) for k, v in defaults.m.items()}
    u = {k: list(v) for k, v in defaults.u.items()}
    for comp in trained.get("comparisons", []):
        name = comp.get("output_column_name")
        if name not in m:
            continue
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        if len(levels) != len(m[name]):
            continue
        m[name] = [
            _trained(lv.get("m_probability"), m[name][i], M_FLOOR) for i, lv in enumerate(levels)
        ]
        u[name] = [_trained(lv.get("u_probability"), u[name][i]) for i, lv in enumerate(levels)]
    return Params(m, u, share)


def train(
    listings: Sequence[Lot],
    register: Sequence[Lot],
    *,
    image_near: ImageNear | None = None,
    engine: Engine = "duckdb",
    seed: int = 17,
    max_pairs: float = 1e6,
    spark: Any = None,
) -> LinkModel:
    """A model trained on these data without labels: the prior from a strict deterministic
    rule, u by random sampling, m by expectation-maximisation (:data:`TRAINING_BLOCKS`)."""
    from splink import block_on

    left = prepare(listings, image_near)
    right = prepare(register, register=True)
    start = default_params()
    linker = _linker(engine, left, right, build_settings(start, len(register)), spark)
    share = DEFAULT_SHARE
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("title_fold", "type1", "size_a")], recall=0.5
        )
        prior = float(linker.misc.save_model_to_json()["probability_two_random_records_match"])
        share = min(1.0, max(1e-4, prior * len(register)))
    except Exception:  # noqa: BLE001 - no pair passes the strict rule: keep the default share
        share = DEFAULT_SHARE
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for cols in TRAINING_BLOCKS:
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*cols), estimate_without_term_frequencies=True
            )
        except Exception as exc:  # noqa: BLE001 - a block with no pairs trains nothing
            logging.getLogger(__name__).warning("EM on %s trained nothing: %s", cols, exc)
    params = _params_from(linker, share)
    return LinkModel(
        params,
        {"listings": len(listings), "register": len(register), "seed": seed, "engine": engine},
    )


def _labels() -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {}
    for spec in SPECS:
        labels = spec.labels()
        n = len(labels)
        out[spec.name] = {n - 1 - i: label for i, label in enumerate(labels)}
        out[spec.name][-1] = "no value to compare"
    return out


def _shown(lot: Lot, name: str) -> str:
    if name == "title":
        return lot.title
    if name == "object_type":
        return lot.object_type or lot.title
    if name == "materials":
        return lot.materials
    if name == "measurements":
        return lot.measurements
    if name == "date":
        return lot.date
    return f"{lot.photos} photograph(s)" if lot.photos else ""


def link(
    listings: Sequence[Lot],
    register: Sequence[Lot],
    *,
    model: LinkModel | None = None,
    engine: Engine = "duckdb",
    image_near: ImageNear | None = None,
    threshold: float = 0.5,
    top: int = 10,
    spark: Any = None,
    progress: Callable[[str, int, int | None], None] | None = None,
    count: bool = True,
    prepared_register: Mapping[str, list[Any]] | None = None,
) -> Linkage:
    """The pairs (listing, register object) whose match probability reaches ``threshold``,
    at most ``top`` per listing, best first, with each field's evidence.

    ``prepared_register``: the register's columns as :func:`prepare` made them (``register=
    True``), kept since the register's records were last changed, so that a screening prepares
    only its listings; ``register`` still gives the records shown as evidence."""
    if not 0.0 <= threshold <= 1.0:
        raise LinkageError("the threshold is a probability, from 0 to 1")
    model = model or LinkModel.default()
    timings: dict[str, float] = {}
    began = time.monotonic()

    def tick(phase: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(phase, done, total)

    tick("preparing", 0, len(listings) + len(register))
    left = prepare(listings, image_near, progress=lambda n: tick("preparing", n, None))
    right = (
        prepared_register
        if prepared_register is not None
        else prepare(register, register=True, progress=lambda n: tick("preparing", n, None))
    )
    timings["prepare"] = time.monotonic() - began
    if not listings or not register:
        return Linkage([], 0, model.version, time.monotonic() - began, engine, timings)
    settings = build_settings(model.params, len(register))
    t = time.monotonic()
    linker = _linker(engine, left, right, settings, spark)
    tick("comparing", 0, None)
    predicted = linker.inference.predict(threshold_match_probability=threshold)
    frame = predicted.as_pandas_dataframe()
    timings["predict"] = time.monotonic() - t
    compared = -1
    if count:
        t = time.monotonic()
        compared = _count_compared(linker, settings)
        timings["count"] = time.monotonic() - t
    by_listing = {lot.id: lot for lot in listings}
    by_record = {lot.id: lot for lot in register}
    near = {(k, r): bits for k, found in (image_near or {}).items() for r, bits in found}
    labels = _labels()
    pairs: list[Pair] = []
    for row in frame.to_dict("records"):
        a, b = str(row["unique_id_l"]), str(row["unique_id_r"])
        if a in by_listing and str(row.get("source_dataset_l", "listings")) == "listings":
            lid, rid = a, b
        else:
            lid, rid = b, a
        listing, record = by_listing[lid], by_record[rid]
        evidence = []
        for spec in SPECS:
            gamma = int(row[f"gamma_{spec.name}"])
            bf = float(row[f"bf_{spec.name}"])
            evidence.append(
                Evidence(
                    spec.name,
                    labels[spec.name].get(gamma, str(gamma)),
                    round(math.log2(bf), 3) if bf > 0 else -99.0,
                    _shown(listing, spec.name),
                    _shown(record, spec.name),
                )
            )
        pairs.append(
            Pair(
                lid,
                rid,
                round(float(row["match_probability"]), 6),
                round(float(row["match_weight"]), 3),
                tuple(evidence),
                near.get((lid, rid)),
            )
        )
    pairs.sort(key=lambda p: (p.listing_id, -p.probability, p.record_id))
    kept: list[Pair] = []
    per_listing: dict[str, int] = {}
    for p in pairs:
        if per_listing.get(p.listing_id, 0) < top:
            kept.append(p)
            per_listing[p.listing_id] = per_listing.get(p.listing_id, 0) + 1
    tick("done", len(listings), len(listings))
    return Linkage(kept, compared, model.version, time.monotonic() - began, engine, timings)


def _count_compared(linker: Any, settings: Any) -> int:
    """How many pairs the blocking rules proposed (each compared once), counted by Splink's
    blocking analysis over the same tables."""
    from splink.blocking_analysis import (
        cumulative_comparisons_to_be_scored_from_blocking_rules_data as cumulative,
    )

    try:
        tables = [linker._input_tables_dict[k].physical_name for k in linker._input_tables_dict]
        found = cumulative(
            table_or_tables=tables,
            blocking_rules=settings.blocking_rules_to_generate_predictions,
            link_type="link_only",
            db_api=linker._db_api,
            unique_id_column_name="unique_id",
        )
        return int(found["row_count"].sum())
    except Exception as exc:  # noqa: BLE001 - the count is a figure for the report
        logging.getLogger(__name__).warning("pairs compared not counted: %s", exc)
        return -1
