"""The one description of every data file: columns, types, rules and foreign keys.

Validation on load (pandera), datapackage.json (Frictionless) and the build script's column
order are all generated from these specs, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atlas.i18n import N_

REGIONS = (
    "Africa",
    "Asia",
    "Europe",
    "Latin America and Caribbean",
    "North America",
    "Oceania",
)
#: Order of the catalogue's groups. "inputs" are talent and investment put into a city's science
#: (R&D spending and its share of GDP, foreign R&D centres, international students, student-city
#: ranks); pages set them beside the "outputs" they are meant to produce.
INDICATOR_GROUPS = ("profile", "diplomacy", "partnerships", "inputs", "outputs")
GEO_UNITS = (
    "city proper",
    "metro",
    "GII cluster",
    "startup ecosystem",
    "Nature Index city",
    "ranking city",
    "municipality",
)
VALUE_TYPES = ("count", "rank", "amount", "share", "score")
HUB_TYPES = (
    "innovation centre",
    "science attaché office",
    "agency office",
    "tech diplomacy",
    "landing pad",
    "international organisation",
    "city initiative",
)
HUB_STATUSES = ("active", "closed", "announced")
PARTNERSHIP_TYPES = (
    "twinning",
    "sister city",
    "friendship city",
    "cooperation agreement",
    "science partnership",
)
PARTNERSHIP_STATUSES = ("active", "ended", "suspended", "planned")
LIST_COVERAGE = ("complete", "incomplete")
ROLE_GROUPS = ("member", "founder", "leadership")
BASIS = ("published", "inferred", "derived")
MULTILATERAL_OPERATORS = ("EU", "NORDIC", "INT")
DERIVED_SOURCE_ID = "atlas-derived"

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CITY_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*-[a-z]{2}$"


@dataclass(frozen=True)
class Col:
    """A column: its Frictionless type drives both parsing and the published schema."""

    name: str
    type: str  # string, integer, number, boolean, date
    required: bool = True
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    description: str = ""
    # Added after data packages were first made: a file without the column still loads, the
    # column then being empty (missing), so an older or synthetic package keeps working.
    may_be_absent: bool = False


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Col, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)
    # Added after data packages were first made: a folder without the file still loads, the
    # table then being empty.
    may_be_absent: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def base_column_names(self) -> list[str]:
        """The columns every package has: what code that builds rows of this table writes."""
        return [c.name for c in self.columns if not c.may_be_absent]

    @property
    def late_column_names(self) -> list[str]:
        """Columns added after packages were first made: an older file may lack them."""
        return [c.name for c in self.columns if c.may_be_absent]


def _source_fk() -> ForeignKey:
    return ForeignKey("source_id", "sources", "source_id")


YEAR_MIN, YEAR_MAX = 1800, 2100

SOURCES = Table(
    "sources",
    N_("Sources"),
    N_("Every publication a figure or fact in the Atlas comes from."),
    (
        Col("source_id", "string", unique=True, pattern=ID_PATTERN),
        Col("publisher", "string"),
        Col("title", "string"),
        Col("url", "string", description="Address where the fact was read"),
        Col(
            "year",
            "integer",
            required=False,
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="Year of publication, where known",
        ),
        Col("licence", "string", description="Licence or terms of use"),
        Col("retrieved", "date", description="Date the fact was taken into the Atlas"),
        Col("note", "string", required=False),
    ),
    ("source_id",),
)

CITIES = Table(
    "cities",
    N_("Cities"),
    N_("Every city a hub, partnership, network membership or ranking names, placed with GeoNames."),
    (
        Col("city_id", "string", unique=True, pattern=CITY_ID_PATTERN),
        Col("name", "string"),
        Col("ascii_name", "string"),
        Col("country", "string", pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2"),
        Col("region", "string", enum=REGIONS),
        Col("latitude", "number", minimum=-90, maximum=90),
        Col("longitude", "number", minimum=-180, maximum=180),
        Col(
            "population",
            "integer",
            required=False,
            minimum=1,
            description="City proper, GeoNames; missing when GeoNames has none",
        ),
        Col("population_year", "integer", required=False, minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col("population_unit", "string"),
        Col("geonames_id", "integer", unique=True, minimum=1),
        Col("source_id", "string"),
        Col("note", "string", required=False),
    ),
    ("city_id",),
    (_source_fk(),),
)

INDICATORS = Table(
    "indicators",
    N_("Indicator catalogue"),
    N_("One catalogue drives rankings, comparisons, the index builder, tooltips and methods."),
    (
        Col("indicator_id", "string", unique=True, pattern=r"^[a-z0-9_]+$"),
        Col("label", "string"),
        Col("unit", "string"),
        Col("group", "string", enum=INDICATOR_GROUPS),
        Col("higher_is_better", "boolean"),
        Col("geo_unit", "string", enum=GEO_UNITS),
        Col("value_type", "string", enum=VALUE_TYPES),
        Col("description", "string"),
        Col("default_source_id", "string"),
        Col("derived", "boolean"),
        Col("per_million", "boolean"),
        Col("per_million_note", "string", required=False),
    ),
    ("indicator_id",),
    (ForeignKey("default_source_id", "sources", "source_id"),),
)

VALUES = Table(
    "values",
    N_("Values"),
    N_("Innovation outputs and published ranks, one row per city, indicator and year."),
    (
        Col("city_id", "string"),
        Col("indicator_id", "string"),
        Col("year", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col("value", "number", minimum=0),
        Col("source_id", "string"),
        Col(
            "unit_name",
            "string",
            required=False,
            description="Published unit when it is not the city (GII cluster, ecosystem)",
        ),
        Col("basis", "string", enum=BASIS),
        Col("note", "string", required=False),
        Col(
            "other_value",
            "number",
            required=False,
            minimum=0,
            description="Where sources disagree: the figure another source gives",
            may_be_absent=True,
        ),
        Col(
            "other_source_id",
            "string",
            required=False,
            description="Where sources disagree: the source of other_value",
            may_be_absent=True,
        ),
    ),
    ("city_id", "indicator_id", "year"),
    (
        ForeignKey("city_id", "cities", "city_id"),
        ForeignKey("indicator_id", "indicators", "indicator_id"),
        _source_fk(),
        ForeignKey("other_source_id", "sources", "source_id"),
    ),
)

HUBS = Table(
    "hubs",
    N_("Science and innovation diplomacy hubs"),
    N_("Innovation offices, attachés, agency offices and city initiatives, by host city."),
    (
        Col("hub_id", "string", unique=True, pattern=ID_PATTERN),
        Col("name", "string"),
        Col("type", "string", enum=HUB_TYPES),
        Col("type_as_published", "string"),
        Col("operator", "string"),
        Col("operator_country", "string", pattern=r"^([A-Z]{2}|EU|NORDIC|INT)$"),
        Col("host_city_id", "string"),
        Col("year_opened", "integer", required=False, minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col("status", "string", enum=HUB_STATUSES),
        Col(
            "year_closed",
            "integer",
            required=False,
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="Year the hub closed, where a source gives it (status closed)",
            may_be_absent=True,
        ),
        Col(
            "last_confirmed",
            "integer",
            required=False,
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="Year of the newest source that confirms the hub (as open or as closed)",
            may_be_absent=True,
        ),
        Col("source_id", "string"),
        Col("note", "string", required=False),
    ),
    ("hub_id",),
    (ForeignKey("host_city_id", "cities", "city_id"), _source_fk()),
)

PARTNERSHIPS = Table(
    "partnerships",
    N_("City partnerships"),
    N_("Twinning, sister-city, friendship, cooperation and science partnership agreements."),
    (
        Col("partnership_id", "string", unique=True, pattern=ID_PATTERN),
        Col("city_a_id", "string"),
        Col("city_b_id", "string"),
        Col("type", "string", enum=PARTNERSHIP_TYPES),
        Col("type_as_published", "string"),
        Col("year", "integer", required=False, minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col("status", "string", enum=PARTNERSHIP_STATUSES),
        Col("source_id", "string"),
        Col("note", "string", required=False),
    ),
    ("partnership_id",),
    (
        ForeignKey("city_a_id", "cities", "city_id"),
        ForeignKey("city_b_id", "cities", "city_id"),
        _source_fk(),
    ),
)

NETWORKS = Table(
    "networks",
    N_("City networks"),
    N_("Transnational municipal networks."),
    (
        Col("network_id", "string", unique=True, pattern=ID_PATTERN),
        Col("name", "string"),
        Col("founded", "integer", required=False, minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col("focus", "string", required=False),
        Col("members_stated", "string", required=False),
        Col("list_coverage", "string", enum=LIST_COVERAGE),
        Col("source_id", "string"),
        Col("note", "string", required=False),
    ),
    ("network_id",),
    (_source_fk(),),
)

MEMBERSHIPS = Table(
    "memberships",
    N_("Network memberships"),
    N_("Cities' memberships and roles in transnational networks."),
    (
        Col("membership_id", "string", unique=True, pattern=ID_PATTERN),
        Col("city_id", "string"),
        Col("network_id", "string"),
        Col("role", "string"),
        Col("role_group", "string", enum=ROLE_GROUPS),
        Col("since", "integer", required=False, minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col(
            "until",
            "integer",
            required=False,
            minimum=YEAR_MIN,
            maximum=YEAR_MAX,
            description="Year the membership ended (the network wound up or the city left)",
            may_be_absent=True,
        ),
        Col("source_id", "string"),
        Col("note", "string", required=False),
    ),
    ("membership_id",),
    (
        ForeignKey("city_id", "cities", "city_id"),
        ForeignKey("network_id", "networks", "network_id"),
        _source_fk(),
    ),
)

EDITIONS = Table(
    "editions",
    N_("Ranking editions"),
    N_(
        "How many places the publisher ranked in each edition of a ranking, so that a page can say "
        "how much of the published table the Atlas holds."
    ),
    (
        Col("indicator_id", "string"),
        Col("year", "integer", minimum=YEAR_MIN, maximum=YEAR_MAX),
        Col(
            "places_ranked",
            "integer",
            minimum=1,
            description="Clusters, cities or ecosystems the publisher ranked in the edition",
        ),
        Col("source_id", "string", description="Where the size of the table is stated"),
        Col("note", "string", required=False),
    ),
    ("indicator_id", "year"),
    (ForeignKey("indicator_id", "indicators", "indicator_id"), _source_fk()),
    may_be_absent=True,
)

#: The languages a city may have a name of its own in (English is cities.name, as published).
PLACE_NAME_LANGUAGES = ("es", "ca", "fr")

PLACE_NAMES = Table(
    "place_names",
    "Place names",
    "A city's name in Spanish, Catalan or French where a source gives one that differs from "
    "its published name (scripts/place_names.py); a city without a row keeps that name.",
    (
        Col("city_id", "string"),
        Col("language", "string", enum=PLACE_NAME_LANGUAGES),
        Col("name", "string"),
        Col("source_id", "string"),
    ),
    ("city_id", "language"),
    (ForeignKey("city_id", "cities", "city_id"), _source_fk()),
    may_be_absent=True,
)

# Load order matters: referenced tables first, so foreign-key messages name the referrer.
TABLES: tuple[Table, ...] = (
    SOURCES,
    CITIES,
    INDICATORS,
    VALUES,
    HUBS,
    PARTNERSHIPS,
    NETWORKS,
    MEMBERSHIPS,
    EDITIONS,
    PLACE_NAMES,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
