"""Normalise numbers as Chinese news writes them (98.58亿元, 3.83万亿元, 超2.5万家, 第一)."""

from __future__ import annotations

import re
from decimal import Decimal

#: Multipliers written after a number: 3.83万亿, 98.58亿, 2.5万.
_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}
_QUANTITY = re.compile(
    r"^(?:约|近|超过|超|逾|达|第|前|共|累计|仅|不到|上|近乎)*"
    r"(?:(?P<digits>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<mult>万亿|亿|万|千)?(?:/(?P<den>[0-9]+))?"
    r"|(?P<chinese>[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十百千][零〇一二两三四五六七八九十百千万亿]*)"
    r"|(?P<bare>万亿|亿|万))"  # 万亿元级 = of the order of a trillion yuan
)


def parse_quantity(as_written: str) -> Decimal:
    """Return the number a written quantity stands for; what follows the number is its unit.

    >>> format_quantity(parse_quantity("98.58亿元"))
    '9858000000'
    >>> format_quantity(parse_quantity("3.83万亿元"))
    '3830000000000'

    Raises ValueError when no number can be read.
    """
    from graph.text import to_simplified

    match = _QUANTITY.match(to_simplified(as_written.strip()))
    if match is None:
        raise ValueError(f"cannot read a number from {as_written!r}")
    if match["digits"]:
        value = Decimal(match["digits"].replace(",", ""))
        if match["den"]:
            return value / Decimal(match["den"])
        return value * _MULTIPLIERS.get(match["mult"] or "", Decimal(1))
    if match["bare"]:
        return _MULTIPLIERS[match["bare"]]
    import cn2an  # a quarter of a second to import: only for numbers written in Chinese

    chinese = match["chinese"]
    factor = Decimal(1)
    if chinese.endswith("万亿") and len(chinese) > 2:  # cn2an cannot combine 万亿
        chinese, factor = chinese[:-2], _MULTIPLIERS["万亿"]
    if chinese[0] in "百千万亿":  # 千万 is written for 一千万
        chinese = "一" + chinese
    try:
        return Decimal(str(cn2an.cn2an(chinese, "smart"))) * factor
    except (ValueError, KeyError) as exc:
        raise ValueError(f"cannot read a number from {as_written!r}") from exc


def format_quantity(value: Decimal) -> str:
    """Plain decimal notation without exponent (for RDF literals and tables)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
