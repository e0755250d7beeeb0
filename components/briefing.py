"""A briefing on one city, or up to six side by side, as one self-contained HTML file.

Diplomats carry it into meetings where there is no Wi-Fi, or mail it ahead: it must open in
any browser with no server, no script and no network. So the map and charts are inline SVG,
the style is inline CSS, and every piece of data text is HTML-escaped. It states the data's
date and lists every source it cites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

import pandas as pd

from atlas import terms
from atlas.citation import DERIVED_SHORT, Citation, citations
from atlas.cityfacts import latest_figures, population_basis
from atlas.i18n import N_, _, current_language, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count, format_value, no_data
from atlas.reading import city_reading
from atlas.schema import DERIVED_SOURCE_ID
from components import map_colours, map_deck, svgmap, theme

MAX_CITIES = 6
# labels marked here, translated where drawn (no language is chosen at import)
REACH = [
    ("hubs_hosted", N_("Hubs hosted")),
    ("foreign_operators", N_("Foreign operators")),
    ("partnerships", N_("Partnerships")),
    ("network_memberships", N_("Network memberships")),
]
NONE_LISTED = N_("None listed in the Atlas.")

CSS = """
body{font-family:"Source Sans Pro","Helvetica Neue",Arial,sans-serif;color:#111;margin:0;
background:#fff;line-height:1.4}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:2rem;margin:0 0 4px} h2{font-size:1.35rem;margin:28px 0 8px;
border-bottom:2px solid #0072B2;padding-bottom:4px} h3{font-size:1.1rem;margin:18px 0 6px}
.meta{color:#444;margin:0 0 16px}
.reading{font-size:1.05rem;background:#F7F9FC;border-left:4px solid #0072B2;padding:8px 12px}
.note{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:6px 0 10px}
th,td{border:1px solid #ccd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#F0F4F8} td.num{text-align:right;white-space:nowrap}
.facts{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.fact{background:#F0F4F8;border-radius:6px;padding:8px 12px;min-width:130px}
.fact b{display:block;font-size:1.5rem}
.swatch{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:4px;
vertical-align:middle}
svg{max-width:100%;height:auto}
@media print{h2{break-after:avoid} table,svg{break-inside:avoid}}
"""


def _e(value: object) -> str:
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return escape(no_data())
    return escape(str(value))


def _count(atlas: Atlas, city_id: str, indicator_id: str) -> float | None:
    rows = atlas.values.loc[
        (atlas.values["city_id"] == city_id) & (atlas.values["indicator_id"] == indicator_id)
    ]
    return None if rows.empty else float(rows.sort_values("year")["value"].iloc[-1])


class _Sources:
    """Numbers each cited source once, in order of first citation."""

    def __init__(self, atlas: Atlas) -> None:
        self.atlas = atlas
        self.order: list[str] = []

    def cite(self, source_id: object) -> str:
        if not isinstance(source_id, str) or not source_id:
            return ""
        if source_id == DERIVED_SOURCE_ID:
            return DERIVED_SHORT
        if source_id not in self.order:
            self.order.append(source_id)
        return f"[{self.order.index(source_id) + 1}]"

    def html(self) -> str:
        known = {c.source_id: c for c in citations(self.atlas.sources, self.order)}
        items = [
            _reference(known[sid]) if sid in known else f"<li>{_e(sid)}</li>" for sid in self.order
        ]
        if not items:
            return "<p>{}</p>".format(escape(_("No sources cited.")))
        return "<ol>" + "".join(items) + "</ol>"


def _reference(c: Citation) -> str:
    """One entry of the reference list: enough to find the publication again offline."""
    link = (
        f' <a href="{escape(c.url, quote=True)}">{escape(c.url)}</a>'
        if c.url.startswith(("http://", "https://"))
        else ""
    )
    licence = (
        " " + escape(_("Licence/terms: {licence}.").format(licence=c.licence)) if c.licence else ""
    )
    retrieved = " " + escape(_("Retrieved {date}.").format(date=c.retrieved)) if c.retrieved else ""
    return f"<li>{_e(c.short)}: {_e(c.title)}.{link}{licence}{retrieved}</li>"


def _bars_svg(cities: Sequence[tuple[str, str]], atlas: Atlas) -> str:
    """Grouped horizontal bars of the reach counts, one colour per city."""
    # labels up to ~34 characters (French, Catalan) at 14 px fit beside the bars
    row_h, gap, label_w, width = 18, 10, 250, 760
    n = len(cities)
    values = {(cid, ind): _count(atlas, cid, ind) for cid, _ in cities for ind, _label in REACH}
    top = max([v for v in values.values() if v is not None] + [1.0])
    height = len(REACH) * (n * row_h + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(_("Diplomatic reach"), quote=True)}">'
    ]
    y = 5
    for ind, label in REACH:
        parts.append(
            f'<text x="0" y="{y + n * row_h / 2 + 5:.0f}" font-size="14">{escape(_(label))}</text>'
        )
        for i, (cid, name) in enumerate(cities):
            value = values[(cid, ind)]
            colour = theme.CATEGORICAL[i % len(theme.CATEGORICAL)]
            bar = 0 if value is None else (width - label_w - 60) * value / top
            text = format_value(value)
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{row_h - 4}" '
                f'fill="{colour}"><title>{escape(name)}: {text}</title></rect>'
                f'<text x="{label_w + bar + 4:.1f}" y="{y + row_h - 6}" font-size="12">'
                f"{text}</text>"
            )
            y += row_h
        y += gap
    parts.append("</svg>")
    return "".join(parts)


def _map_svg(atlas: Atlas, city_ids: Sequence[str]) -> tuple[str, int]:
    """The cities (coloured as in the charts) with their partners and arcs."""
    pairs = atlas.partnerships.loc[
        atlas.partnerships["city_a_id"].isin(city_ids)
        | atlas.partnerships["city_b_id"].isin(city_ids)
    ]
    pos = atlas.cities
    colours = map_colours.partnership_type_colours(atlas.partnerships["type"])
    arcs = []
    partner_ids: set[str] = set()
    for row in pairs.itertuples():
        a, b = row.city_a_id, row.city_b_id
        partner_ids.update({a, b})
        arcs.append(
            svgmap.Arc(
                float(pos.at[a, "latitude"]),
                float(pos.at[a, "longitude"]),
                float(pos.at[b, "latitude"]),
                float(pos.at[b, "longitude"]),
                colours.get(row.type, theme.NO_DATA_COLOUR),
                f"{pos.at[a, 'name']} – {pos.at[b, 'name']} ({terms.partnership_type(row.type)})",
            )
        )
    dots = [
        svgmap.Dot(
            float(pos.at[c, "latitude"]),
            float(pos.at[c, "longitude"]),
            3.0,
            theme.NO_DATA_COLOUR,
            str(pos.at[c, "name"]),
        )
        for c in sorted(partner_ids - set(city_ids))
    ]
    dots += [
        svgmap.Dot(
            float(pos.at[c, "latitude"]),
            float(pos.at[c, "longitude"]),
            7.0,
            theme.CATEGORICAL[i % len(theme.CATEGORICAL)],
            str(pos.at[c, "name"]),
        )
        for i, c in enumerate(city_ids)
    ]
    title = _("Partners of {cities}").format(
        cities=", ".join(str(pos.at[c, "name"]) for c in city_ids)
    )
    svg = svgmap.world_svg(map_deck.load_country_outlines(), dots, arcs, width=960, title=title)
    return svg, len(pairs)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _reading(atlas: Atlas, city_id: str, cite: _Sources) -> str:
    """The city's plain-language reading (generated from the data), its sources cited."""
    reading = city_reading(atlas, city_id)
    marks = "".join(cite.cite(s) for s in reading.source_ids if s != DERIVED_SOURCE_ID)
    derived = DERIVED_SOURCE_ID in reading.source_ids
    credit = " " + _("Counts computed by the Atlas from its lists.") if derived else ""
    return f"{escape(reading.text)}{credit} {escape(marks)}".rstrip()


def _city_section(atlas: Atlas, city_id: str, cite: _Sources, colour: str) -> str:
    city = atlas.cities.loc[city_id]
    population = (
        escape(no_data())
        if pd.isna(city["population"])
        else f"{format_count(int(city['population']))} ({_e(population_basis(atlas, city_id))}) "
        f"{cite.cite(city['source_id'])}"
    )
    facts = "".join(
        f'<div class="fact"><b>{format_value(_count(atlas, city_id, ind))}</b>'
        f"{escape(_(label))}</div>"
        for ind, label in REACH
    )
    figures = latest_figures(atlas, city_id)
    figure_rows = [
        [
            _e(r.label),
            format_value(r.value),
            _e(r.unit),
            str(r.year),
            _e(r.geography),
            escape(cite.cite(r.source_id)),
        ]
        for r in figures.itertuples()
    ]
    hubs = atlas.hubs.loc[atlas.hubs["host_city_id"] == city_id].sort_values("name")
    hub_rows = [
        [
            _e(h.name),
            _e(terms.hub_type(h.type)),
            _e(h.operator),
            _e(h.year_opened),
            _e(terms.hub_status(h.status)),
            escape(cite.cite(h.source_id)),
        ]
        for h in hubs.itertuples()
    ]
    pairs = atlas.partnerships.loc[
        (atlas.partnerships["city_a_id"] == city_id) | (atlas.partnerships["city_b_id"] == city_id)
    ]
    partner_rows = []
    for p in pairs.itertuples():
        other = p.city_b_id if p.city_a_id == city_id else p.city_a_id
        partner_rows.append(
            [
                _e(atlas.cities.at[other, "name"]),
                _e(atlas.cities.at[other, "country_name"]),
                _e(terms.partnership_type(p.type)),
                _e(p.year),
                _e(terms.partnership_status(p.status)),
                escape(cite.cite(p.source_id)),
            ]
        )
    partner_rows.sort()
    members = atlas.memberships.loc[atlas.memberships["city_id"] == city_id]
    member_rows = [
        [
            _e(atlas.networks["name"].get(m.network_id, m.network_id)),
            _e(m.role),
            _e(m.since),
            escape(cite.cite(m.source_id)),
        ]
        for m in members.itertuples()
    ]
    none_listed = f"<p>{escape(_(NONE_LISTED))}</p>"
    heading = _("{city}, {country}").format(city=city["name"], country=city["country_name"])
    parts = [
        f'<h2><span class="swatch" style="background:{colour}"></span>{escape(heading)}</h2>',
        '<p class="meta">{}</p>'.format(
            _("{region} · population {population}").format(
                region=_e(terms.region(city["region"])), population=population
            )
        ),
        f'<p class="reading">{_reading(atlas, city_id, cite)}</p>',
        f'<div class="facts">{facts}</div>',
        "<h3>{}</h3>".format(escape(_("Figures (latest year of each)"))),
        _table(
            [_("Indicator"), _("Value"), _("Unit"), _("Year"), _("Geography"), _("Source")],
            figure_rows,
            {1},
        )
        if figure_rows
        else "<p>{}</p>".format(escape(_("No figures."))),
        "<h3>{}</h3>".format(
            escape(
                _("Science and innovation diplomacy hubs hosted ({n})").format(
                    n=format_count(len(hub_rows))
                )
            )
        ),
        _table(
            [_("Hub"), _("Type"), _("Operator"), _("Opened"), _("Status"), _("Source")],
            hub_rows,
            set(),
        )
        if hub_rows
        else none_listed,
        "<h3>{}</h3>".format(
            escape(_("Partner cities ({n})").format(n=format_count(len(partner_rows))))
        ),
        _table(
            [_("Partner"), _("Country"), _("Type"), _("Year"), _("Status"), _("Source")],
            partner_rows,
            set(),
        )
        if partner_rows
        else none_listed,
        "<h3>{}</h3>".format(
            escape(_("City networks ({n})").format(n=format_count(len(member_rows))))
        ),
        _table([_("Network"), _("Role"), _("Since"), _("Source")], member_rows, set())
        if member_rows
        else none_listed,
    ]
    return "".join(parts)


def _comparison(atlas: Atlas, city_ids: Sequence[str], cite: _Sources) -> str:
    figures = {c: latest_figures(atlas, c).set_index("indicator_id") for c in city_ids}
    indicators = [i for i in atlas.indicators.index if any(i in f.index for f in figures.values())]
    rows = []
    for ind in indicators:
        row = [
            escape(
                # Translators: an indicator and its unit, e.g. "Population (inhabitants)"
                _("{label} ({unit})").format(
                    label=atlas.indicators.at[ind, "label"], unit=atlas.indicators.at[ind, "unit"]
                )
            )
        ]
        for c in city_ids:
            f = figures[c]
            if ind in f.index:
                r = f.loc[ind]
                row.append(
                    f"{format_value(r['value'])} ({int(r['year'])}) {cite.cite(r['source_id'])}"
                )
            else:
                row.append(escape(no_data()))
        rows.append(row)
    names = [str(atlas.cities.at[c, "name"]) for c in city_ids]
    return _table([_("Indicator"), *names], rows, set(range(1, len(names) + 1)))


def briefing_html(
    atlas: Atlas, city_ids: Sequence[str], *, generated: dt.date | None = None
) -> str:
    """The briefing document for 1 to 6 cities (ids), as one HTML string."""
    ids = [c for c in dict.fromkeys(city_ids) if c in atlas.cities.index]
    if not ids:
        raise ValueError("choose at least one city of the Atlas for a briefing")
    if len(ids) > MAX_CITIES:
        raise ValueError(f"a briefing compares at most {MAX_CITIES} cities, not {len(ids)}")
    today = (generated or dt.date.today()).isoformat()
    names = [str(atlas.cities.at[c, "name"]) for c in ids]
    title = _("Science diplomacy briefing: {cities}").format(cities=", ".join(names))
    cite = _Sources(atlas)
    map_svg, n_pairs = _map_svg(atlas, ids)
    named = [(c, n) for c, n in zip(ids, names, strict=True)]
    swatches = ", ".join(
        f'<span class="swatch" style="background:'
        f'{theme.CATEGORICAL[i % len(theme.CATEGORICAL)]}"></span>{escape(n)}'
        for i, (_id, n) in enumerate(named)
    )
    body = [
        f"<h1>{escape(title)}</h1>",
        '<p class="meta">{}</p>'.format(
            escape(
                _(
                    "City Science Diplomacy Atlas · data as of {data_date} · briefing made "
                    "{today}. Every figure names its source (numbers in brackets, listed at the "
                    "end) and the geography it describes; “{no_data}” means the Atlas has no "
                    "figure, never zero."
                ).format(data_date=atlas.data_as_of, today=today, no_data=no_data())
            )
        ),
        "<h2>{}</h2>".format(escape(_("Partners on the map"))),
        map_svg,
        '<p class="note">{}</p>'.format(
            escape(
                ngettext(
                    "{n} partnership agreement (arcs coloured by type; grey dots: partner "
                    "cities). Country outlines: Natural Earth (public domain).",
                    "{n} partnership agreements (arcs coloured by type; grey dots: partner "
                    "cities). Country outlines: Natural Earth (public domain).",
                    n_pairs,
                ).format(n=format_count(n_pairs))
            )
        ),
        "<h2>{}</h2>".format(escape(_("Diplomatic reach"))),
        _bars_svg(named, atlas),
        '<p class="note">{}</p>'.format(
            # the colour key is markup (swatches), the sentence around it is escaped text
            escape(
                _(
                    "Counts computed by the Atlas from its lists of active hubs, partnerships "
                    "and network memberships (city proper). Colours: {key}."
                )
            ).replace("{key}", swatches)
        ),
    ]
    if len(ids) > 1:
        body += [
            "<h2>{}</h2>".format(escape(_("Side by side"))),
            _comparison(atlas, ids, cite),
        ]
    for i, cid in enumerate(ids):
        body.append(_city_section(atlas, cid, cite, theme.CATEGORICAL[i % len(theme.CATEGORICAL)]))
    body += [
        "<h2>{}</h2>".format(escape(_("Sources"))),
        cite.html(),
        '<p class="note">{}</p>'.format(
            escape(
                _(
                    "Geography: “city proper” figures describe the municipality; GII cluster, "
                    "Nature Index city and startup-ecosystem figures describe a wider area named "
                    "beside each figure. Population: GeoNames (CC BY 4.0)."
                )
            )
        ),
    ]
    return (
        f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        + "".join(body)
        + "</main></body></html>"
    )
