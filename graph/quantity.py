"""Normalise numbers as Chinese news writes them (98.58亿元, 3.83万亿元, 超2.5万家, 第一)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

#: Multipliers that cn2an does not combine (万亿) or that we strip before calling it.
_MULTIPLIERS = (("万亿", Decimal(10) ** 12), ("萬億", Decimal(10) ** 12), ("亿", Decimal(10) ** 8),
                ("億", Decimal(10) ** 8), ("万", Decimal(10) ** 4), ("萬", Decimal(10) ** 4))
_PREFIX = re.compile(r"^(约|約|近|超过|超過|超|逾|达|達|第|前|共|累计|累計|仅|僅)+")
_SUFFIX = re.compile(r"(元|美元|欧元|歐元|家|项|項|个|個|人|名|件|台|部|倍|%|％|位|款|座|次|城|毫米|秒|年|月|周|天|日|平方公里|多)+$")


def parse_quantity(as_written: str) -> Decimal:
    """Return the number a written quantity stands for.

    >>> format_quantity(parse_quantity("98.58亿元"))
    '9858000000'
    >>> format_quantity(parse_quantity("3.83万亿元"))
    '3830000000000'

    Raises ValueError when no number can be read.
    """
    import cn2an

    from graph.text import to_simplified

    text = _SUFFIX.sub("", _PREFIX.sub("", to_simplified(as_written.strip()).replace(",", "")))
    factor = Decimal(1)
    for suffix, mult in _MULTIPLIERS:
        if text.endswith(suffix) and len(text) > len(suffix):
            head = text[: -len(suffix)]
            if re.fullmatch(r"[0-9.]+", head) or suffix in ("万亿", "萬億"):
                text, factor = head, mult
            break
    if not text:
        raise ValueError(f"no number in {as_written!r}")
    try:
        number = Decimal(text) if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text) else Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, InvalidOperation, KeyError) as exc:
        raise ValueError(f"cannot read a number from {as_written!r}") from exc
    value = number * factor
    return value


def format_quantity(value: Decimal) -> str:
    """Plain decimal notation without exponent (for RDF literals and tables)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
