"""`make mutate`'s own rules (tests/mutate.py): which mutants the fixed sample draws, and which
listed equivalent mutants are still the mutation that was judged equivalent."""

from __future__ import annotations

from tests import mutate


def test_the_fixed_sample_is_one_in_20_and_the_slow_modules_one_in_60_of_the_same(monkeypatch):
    names = [f"graph.quantity.x_parse_quantity__mutmut_{i}" for i in range(20_000)]
    slow = [f"graph.curate.build.x__build__mutmut_{i}" for i in range(20_000)]
    assert 0.04 < sum(map(mutate.drawn, names)) / len(names) < 0.06
    slow_drawn = {n for n in slow if mutate.drawn(n)}
    assert 0.012 < len(slow_drawn) / len(slow) < 0.022
    assert [mutate.drawn(n) for n in names[:500]] == [mutate.drawn(n) for n in names[:500]]
    # the slow modules' sample is part of what one in 20 draws of them: nothing judged is wasted
    monkeypatch.setattr(mutate, "SLOW_MODULES", ())
    assert slow_drawn < {n for n in slow if mutate.drawn(n)}


def test_a_listed_equivalent_whose_mutation_changed_is_judged_again(tmp_path, monkeypatch):
    mutants = tmp_path / "mutants"
    (mutants / "graph").mkdir(parents=True)
    (mutants / "graph" / "quantity.py").write_text(
        "def x_f__mutmut_1(a):\n    return a >= 1\n\n\ndef x_f__mutmut_2(a):\n    return a > 2\n\n\n"
        "class C:\n    def xǁCǁg__mutmut_1(self):\n        return None\n", encoding="utf-8")
    monkeypatch.setattr(mutate, "MUTANTS", mutants)
    monkeypatch.setattr(mutate, "_MUTANT_SOURCES", {})
    one, two = mutate.fingerprint("graph.quantity.x_f__mutmut_1"), mutate.fingerprint("graph.quantity.x_f__mutmut_2")
    method = mutate.fingerprint("graph.quantity.xǁCǁg__mutmut_1")
    assert None not in (one, two, method) and len({one, two, method}) == 3
    assert mutate.fingerprint("graph.quantity.x_f__mutmut_3") is None
    listing = tmp_path / "equivalent.txt"
    listing.write_text(
        "# why\n"
        f"graph.quantity.x_f__mutmut_1 ={one}  # checked\n"
        f"graph.quantity.x_f__mutmut_2 ={one}  # checked when it was another mutation\n"
        "graph.quantity.xǁCǁg__mutmut_1  # listed before fingerprints\n", encoding="utf-8")
    monkeypatch.setattr(mutate, "EQUIVALENT", listing)
    assert mutate.listed() == {"graph.quantity.x_f__mutmut_1": one, "graph.quantity.x_f__mutmut_2": one,
                               "graph.quantity.xǁCǁg__mutmut_1": None}
    assert mutate.equivalent() == {"graph.quantity.x_f__mutmut_1", "graph.quantity.xǁCǁg__mutmut_1"}
