"""Where the sources disagree: observations of the same measurement whose values cannot all be true.

Two observations measure the same thing when they share the entity, the indicator, the unit,
the time (the stated period, else the as-of date, else the period as written) and every
dimension that changes what is counted (status, scope, basis, category, rank_of, among, level,
condition, of).
Observations with no time at all are never compared: an undated figure may describe any year.

Each value stands for the range its words allow: an exact value for itself, ``lower`` (超) for
everything above it, ``lower-inclusive`` (以上) for it and above, ``upper`` (不到) for
everything below, ``nearly`` (近) for the 10 % below it, ``about`` (约) for 10 % either side.
A group of observations is a conflict when two of those ranges do not overlap — "over 50 %"
and "60 %" agree; "first" and "third" do not.  Both sides are kept as written, with their
quote and document: szkg shows the disagreement, it does not pick a winner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from graph.query.entity import select
from graph.query.reads import read_query

#: What must be equal for two observations to measure the same thing.
SAME = ("entity", "indicator", "unit", "status", "scope", "basis", "category", "rankOf", "among", "level",
        "condition", "of")
TOLERANCE = Decimal("0.1")  #: how far "nearly" (below) and "about" (either side) reach, relatively
_INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Side:
    """One observation of a conflict, as its document writes it."""

    value: Decimal
    as_written: str
    bound: str  #: "" (exact), lower, lower-inclusive, upper, nearly, about
    document: str
    title: str
    quote: str

    def interval(self) -> tuple[Decimal, Decimal, bool, bool]:
        """(low, high, low included, high included) of the values the words allow."""
        v, spread = self.value, abs(self.value) * TOLERANCE
        return {
            "lower": (v, _INFINITY, False, False),
            "lower-inclusive": (v, _INFINITY, True, False),
            "upper": (-_INFINITY, v, False, False),
            "nearly": (v - spread, v, True, True),
            "about": (v - spread, v + spread, True, True),
        }.get(self.bound, (v, v, True, True))


@dataclass
class Conflict:
    """Observations of one measurement whose values cannot all be true."""

    entity: str
    entity_label: str
    indicator: str
    indicator_label: str
    when: str  #: the period, ``as of <date>``, or the period as written
    unit: str
    qualifiers: dict[str, str] = field(default_factory=dict)  #: the dimensions the group shares
    sides: list[Side] = field(default_factory=list)

    @property
    def within_one_document(self) -> bool:
        return len({s.document for s in self.sides}) == 1


def overlap(a: Side, b: Side) -> bool:
    """True when some value satisfies both observations' words."""
    (alo, ahi, alo_in, ahi_in), (blo, bhi, blo_in, bhi_in) = a.interval(), b.interval()
    low, high = max(alo, blo), min(ahi, bhi)
    low_in = (alo != low or alo_in) and (blo != low or blo_in)  # the bound that sets `low` decides
    high_in = (ahi != high or ahi_in) and (bhi != high or bhi_in)
    return low < high or (low == high and low_in and high_in)


def _text(row: dict, key: str) -> str:
    return row[key].value if key in row else ""


def conflicts(store) -> list[Conflict]:
    """Every disagreement among the store's observations (see the module docstring), sorted."""
    groups: dict[tuple, Conflict] = {}
    for row in select(store, read_query("observations-compared")):
        when = _text(row, "period") or (f"as of {_text(row, 'asOf')}" if "asOf" in row else "") \
            or _text(row, "periodAsWritten")
        if not when:
            continue
        key = (*(_text(row, k) for k in SAME), when)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Conflict(
                _text(row, "entity").rsplit("/", 1)[-1], _text(row, "entityLabel"),
                _text(row, "indicator").rsplit("/", 1)[-1], _text(row, "indicatorLabel"), when, _text(row, "unit"),
                {k: _text(row, k) for k in SAME[3:] if _text(row, k)})
        side = Side(Decimal(_text(row, "value")), _text(row, "asWritten"), _text(row, "bound"),
                    _text(row, "docId") or _text(row, "document").rsplit("/", 1)[-1], _text(row, "title"),
                    _text(row, "quote"))
        if side not in group.sides:
            group.sides.append(side)
    found = []
    for group in groups.values():
        sides = group.sides
        if any(not overlap(a, b) for i, a in enumerate(sides) for b in sides[i + 1:]):
            group.sides = sorted(sides, key=lambda s: (s.value, s.bound, s.document, s.quote))
            found.append(group)
    return sorted(found, key=lambda c: (c.entity, c.indicator, c.when, c.unit, sorted(c.qualifiers.items())))


def conflict_rows(found: list[Conflict]) -> list[dict[str, str]]:
    """One flat row per side of every conflict (for CSV and tables)."""
    rows = []
    for number, c in enumerate(found, 1):
        for s in c.sides:
            rows.append({"conflict": str(number), "entity": c.entity, "entity_label": c.entity_label,
                         "indicator": c.indicator, "indicator_label": c.indicator_label, "when": c.when,
                         "unit": c.unit, "dimensions": "; ".join(f"{k}={v}" for k, v in sorted(c.qualifiers.items())),
                         "value": format(s.value.normalize(), "f"), "bound": s.bound, "as_written": s.as_written,
                         "document": s.document, "title": s.title, "quote": s.quote})
    return rows
