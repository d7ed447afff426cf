#!/usr/bin/env python3
"""
An independent reference for proration (README: "Subscriptions and contracts", "Proration: the
arithmetic"), written from the README with the standard library only (`datetime`, `fractions`,
`decimal`), in a different shape from src/core/proration.ts: it lists the grid periods that
overlap the service period and classifies each overlap, where the kit walks a cursor.

It writes test/fixtures/proration-crosscheck.json: random contracts and changes (seed 20261128)
with the factor each policy gives and the line amount an amendment line charges (the contracted
unit price × quantity × factor, rounded once, negated for a credit).

    python3 scripts/crosscheck-proration.py            # regenerate
    python3 scripts/crosscheck-proration.py --check    # compare a fresh build with the file
"""
import calendar
import datetime as dt
import json
import os
import random
import sys
from decimal import Decimal
from fractions import Fraction

SEED = 20261128
N_CASES = 2000
OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "proration-crosscheck.json")
SCALES = {"CNY": 2, "JPY": 0, "KWD": 3}
DAY = dt.timedelta(days=1)


def add_months(anchor: dt.date, k: int) -> dt.date:
    """The anchor's day of month k months on, or that month's last day (counted from the anchor)."""
    y, m = divmod(anchor.month - 1 + k, 12)
    year, month = anchor.year + y, m + 1
    return dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def pos360(d: dt.date) -> int:
    return d.year * 360 + (d.month - 1) * 30 + min(d.day, 30)


def factor(policy: dict, unit: str, anchor: dt.date, start: dt.date, last: dt.date) -> Fraction:
    """The period start..last (inclusive) in term units."""
    end = last + DAY
    if unit == "day":
        return Fraction((end - start).days)
    method = policy["method"]
    months = 12 if unit == "year" and method in ("whole-units", "none") else 1
    per_unit = 12 if unit == "year" and months == 1 else 1
    total = Fraction(0)
    k = 0
    while True:
        g0, g1 = add_months(anchor, k * months), add_months(anchor, (k + 1) * months)
        k += 1
        if g0 >= end:
            break
        if g1 <= start:
            continue
        a, b = max(start, g0), min(end, g1)
        if a == g0 and b == g1:
            total += 1
            continue
        # A partial overlap: the first piece when it starts the period (inside one grid period too), else the last.
        rule = policy["first"] if a == start and a > g0 else policy["last"]
        if rule == "full":
            total += 1
        elif rule == "free":
            pass
        elif method == "30-360":
            total += Fraction(pos360(b) - pos360(a), pos360(g1) - pos360(g0))
        else:
            total += Fraction((b - a).days, (g1 - g0).days)
    return total / per_unit


def round_fraction(x: Fraction, scale: int, mode: str) -> Decimal:
    scaled = x * 10 ** scale
    sign = -1 if scaled < 0 else 1
    mag = abs(scaled)
    q, r = divmod(mag.numerator, mag.denominator)
    twice = 2 * r
    if twice > mag.denominator or (twice == mag.denominator and (mode == "half-up" or q % 2 == 1)):
        q += 1
    return Decimal(sign * q).scaleb(-scale)


def fmt(x: Decimal, scale: int) -> str:
    s = f"{x:.{scale}f}"
    return s[1:] if s.startswith("-") and Decimal(s) == 0 else s


def policy_of(rng: random.Random) -> dict:
    method = rng.choice(["actual-days", "actual-days", "30-360", "whole-months", "whole-units", "none"])
    rules = {"none": ["full"], "whole-months": ["full", "free"], "whole-units": ["full", "free"]}.get(method, ["prorate", "prorate", "full", "free"])
    return {"method": method, "first": rng.choice(rules), "last": rng.choice(rules)}


def gen_case(rng: random.Random) -> dict:
    anchor = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 6 * 366))
    if rng.random() < 0.25:  # month ends and leap days, on purpose
        y, m = rng.randint(2024, 2029), rng.randint(1, 12)
        anchor = dt.date(y, m, calendar.monthrange(y, m)[1] - rng.randint(0, 2))
    unit = rng.choice(["month", "month", "month", "year", "day"])
    contract_end = add_months(anchor, rng.choice([12, 24, 36]) if unit != "day" else 12) - DAY - dt.timedelta(days=rng.choice([0, 0, 0, 3, 17]))
    span = (contract_end - anchor).days
    start = anchor + dt.timedelta(days=rng.randint(0, span))
    last = contract_end if rng.random() < 0.7 else start + dt.timedelta(days=rng.randint(0, (contract_end - start).days))
    policy = policy_of(rng)
    currency = rng.choice(list(SCALES))
    scale = SCALES[currency]
    mode = rng.choice(["half-up", "half-even"])
    price = Decimal(rng.randint(1, 10 ** (scale + 4))).scaleb(-scale - rng.choice([0, 0, 1, 2]))
    qty = rng.randint(1, 500)
    credit = rng.random() < 0.3
    f = factor(policy, unit, anchor, start, last)
    amount = round_fraction(Fraction(price) * qty * f, scale, mode)
    if credit:
        amount = -amount
    return {
        "policy": policy, "unit": unit, "currency": currency, "rounding": mode,
        "contract": {"start": anchor.isoformat(), "end": contract_end.isoformat()},
        "line": {"qty": str(qty), "contractedUnitPrice": str(price), "period": {"start": start.isoformat(), "end": last.isoformat()}, "credit": credit},
        "expected": {"factor": str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}", "netAmount": fmt(amount, scale)},
    }


def self_test() -> None:
    """The README's worked example and a few hand-computed table rows."""
    actual = {"method": "actual-days", "first": "prorate", "last": "prorate"}
    assert factor(actual, "month", dt.date(2026, 1, 1), dt.date(2026, 2, 12), dt.date(2026, 12, 31)) == Fraction(297, 28)
    assert factor(actual, "month", dt.date(2026, 1, 31), dt.date(2026, 2, 10), dt.date(2027, 1, 30)) == Fraction(163, 14)
    assert factor(actual, "month", dt.date(2026, 1, 1), dt.date(2026, 1, 20), dt.date(2026, 3, 15)) == Fraction(58, 31)
    assert factor({"method": "30-360", "first": "prorate", "last": "prorate"}, "month", dt.date(2028, 1, 1), dt.date(2028, 2, 12), dt.date(2028, 12, 31)) == Fraction(319, 30)
    assert factor({"method": "whole-units", "first": "full", "last": "full"}, "year", dt.date(2026, 1, 1), dt.date(2026, 7, 1), dt.date(2028, 12, 31)) == 3
    assert round_fraction(Fraction(1800) * Fraction(297, 28), 2, "half-up") == Decimal("19092.86")
    assert round_fraction(Fraction(1, 8), 2, "half-even") == Decimal("0.12") and round_fraction(Fraction(1, 8), 2, "half-up") == Decimal("0.13")


def build() -> str:
    rng = random.Random(SEED)
    cases = [gen_case(rng) for _ in range(N_CASES)]
    return "[\n" + ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases) + "\n]\n"


if __name__ == "__main__":
    self_test()
    text = build()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("fixture is up to date" if same else "fixture differs from a fresh build")
        sys.exit(0 if same else 1)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {N_CASES} cases, {len(text.encode('utf-8'))} bytes to {os.path.relpath(OUT)}")
