#!/usr/bin/env python3
"""Independent reference pricer for cpq-kit, written from the README's Pricing section (not from the
TypeScript engine), and generator of test/fixtures/crosscheck.json.

Subset of the spec implemented here:
  * price models flat, tiered (graduated, with per-tier flat fees), volume (+ flat), block,
    costPlus, and percentOf (of SKUs: percent of their non-optional step-6 amounts, not
    multiplied by quantity or term);
  * attribute priceDelta x qty (part of the list amount);
  * line price rules matched by appliesTo.skus / .categories (or no appliesTo), validity
    windows (inclusive days) and `when: {">=": [{"var": "line.qty"}, N]}`: the non-stackable
    match with the highest priority, then every stackable match, highest priority first
    (catalog order among equals); actions percentOff, amountOff, setUnitPrice, markup,
    surcharge, clamped at 0;
  * manual line discounts {percent}, {amount} per unit, {unitPrice};
  * term multiplication (the line's term, else the term spec's default);
  * one rounding of the line amount to minor units (step 6);
  * quote-scope rules (`when` on quote.subtotal) and then a quote discount {percent} or
    {amount}, each rounded to minor units and allocated over the non-optional lines in
    proportion to their current amounts by largest remainder (ties to the earlier line);
  * exclusive and inclusive (gross) tax, rounded per line; totals are sums of the lines;
  * CNY/USD (2 decimals), JPY (0), KWD (3); half-up and half-even rounding.
Cases the spec leaves open or calls invalid (an adjustment over lines that are all zero, an
amount discount above the price) are not generated.

Only the standard library: decimal (exact arithmetic, explicit quantize), json, random.

Usage: python3 scripts/crosscheck.py            # writes test/fixtures/crosscheck.json
       python3 scripts/crosscheck.py --check    # regenerates in memory and diffs with the file
"""
from __future__ import annotations

import json
import os
import random
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, getcontext

getcontext().prec = 100  # exact for every amount here; rounding is always explicit

SEED = 20261128
N_CASES = 300
SCALES = {"CNY": 2, "USD": 2, "JPY": 0, "KWD": 3}
TAX_RATES = ["0", "6", "9", "13", "17.5"]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "test", "fixtures", "crosscheck.json")

D0 = Decimal(0)
D100 = Decimal(100)


# --------------------------------------------------------------------------------------------
# The reference pricer
# --------------------------------------------------------------------------------------------

def fmt(x: Decimal, scale: int) -> str:
    """Exactly `scale` decimals, no exponent, no sign on zero."""
    s = format(x.quantize(Decimal(1).scaleb(-scale)), "f")
    if s.startswith("-") and Decimal(s) == 0:
        s = s[1:]
    return s


class Unpriceable(Exception):
    """The case is outside what the spec pins down (or invalid input): the generator retries."""


def apply_action(action: dict, amount: Decimal, q: Decimal) -> Decimal:
    """the README's Pricing section step 3, on a line amount for q units (q = 1 for a quote-scope rule)."""
    (kind, raw), = action.items()
    v = Decimal(raw)
    if kind == "percentOff":
        out = amount * (1 - v / D100)
    elif kind == "amountOff":
        out = amount - v * q
    elif kind == "setUnitPrice":
        out = v * q
    elif kind == "markup":
        out = amount * (1 + v / D100)
    elif kind == "surcharge":
        out = amount + v * q
    else:
        raise ValueError(kind)
    return max(out, D0)  # a rule that would make the amount negative stops at 0


def holds(when: dict | None, facts: dict) -> bool:
    """The only JsonLogic the generator writes: {">=": [{"var": "a.b"}, N]}."""
    if when is None:
        return True
    (op, (var, n)), = when.items()
    assert op == ">="
    value = facts
    for part in var["var"].split("."):
        value = value[part]
    return value >= Decimal(n)


class Pricer:
    def __init__(self, catalog: dict):
        self.cat = catalog
        self.scale = SCALES[catalog["currency"]]
        pricing = catalog.get("pricing", {})
        self.mode = ROUND_HALF_EVEN if pricing.get("rounding") == "half-even" else ROUND_HALF_UP
        self.inclusive = pricing.get("taxMode") == "inclusive"
        self.products = {p["sku"]: p for p in catalog["products"]}
        self.rates = {t["code"]: Decimal(t["rate"]) for t in catalog["taxes"]}
        self.quantum = Decimal(1).scaleb(-self.scale)

    def rnd(self, x: Decimal) -> Decimal:
        # half-up: a tie goes away from zero; half-even: to the even digit (decimal's meaning).
        return x.quantize(self.quantum, rounding=self.mode)

    # step 1 -----------------------------------------------------------------------------
    @staticmethod
    def base(product: dict, q: Decimal) -> Decimal:
        model = product["price"]
        kind = model["model"]
        if kind == "flat":
            return Decimal(model["list"]) * q
        if kind == "tiered":
            total = D0
            lower = D0
            for t in model["tiers"]:
                if q <= lower:
                    break  # this tier is not touched
                upper = q if t["upTo"] is None else min(q, Decimal(t["upTo"]))
                total += (upper - lower) * Decimal(t["unit"])
                if t.get("flat") is not None:
                    total += Decimal(t["flat"])
                if t["upTo"] is None:
                    break
                lower = Decimal(t["upTo"])
            return total
        if kind == "volume":
            for t in model["tiers"]:
                if t["upTo"] is None or q <= Decimal(t["upTo"]):
                    amount = q * Decimal(t["unit"])
                    if t.get("flat") is not None:
                        amount += Decimal(t["flat"])
                    return amount
            raise Unpriceable("quantity above the last volume tier")
        if kind == "block":
            for b in model["blocks"]:
                if q <= Decimal(b["upTo"]):
                    return Decimal(b["price"])
            raise Unpriceable("quantity above the last block")
        if kind == "costPlus":
            return Decimal(product["cost"]) * (1 + Decimal(model["markup"]) / D100) * q
        raise ValueError(f"model {kind} is outside the reference subset")

    # steps 3 and 7: which rules apply, in which order -------------------------------------
    def resolve(self, scope: str, matches) -> list[dict]:
        matching = []
        for order, r in enumerate(self.cat.get("priceRules", [])):
            if r.get("scope") != scope:
                continue
            if r.get("validFrom", "0000-00-00") > self.day or r.get("validTo", "9999-99-99") < self.day:
                continue
            if matches(r):
                matching.append((order, r))
        non_stackable = [(o, r) for o, r in matching if not r.get("stackable", False)]
        stackable = [(o, r) for o, r in matching if r.get("stackable", False)]
        chosen = []
        if non_stackable:
            top = max(r.get("priority", 0) for _, r in non_stackable)
            tied = [r for _, r in non_stackable if r.get("priority", 0) == top]
            assert len(tied) == 1, "the generator never makes a conflict"
            chosen = tied
        stackable.sort(key=lambda x: (-x[1].get("priority", 0), x[0]))
        return chosen + [r for _, r in stackable]

    def line_rules(self, p: dict, q: Decimal) -> list[dict]:
        def matches(r: dict) -> bool:
            applies = r.get("appliesTo")
            if applies is not None:
                if p["sku"] not in applies.get("skus", []) and p.get("category") not in applies.get("categories", []):
                    return False
            return holds(r.get("when"), {"line": {"qty": q}})
        return self.resolve("line", matches)

    def price_line(self, ln: dict, percent_base: Decimal | None) -> dict:
        p = self.products[ln["sku"]]
        q = Decimal(ln.get("qty", p.get("qty", {}).get("default", "1")))
        percent_of = p["price"]["model"] == "percentOf"
        # step 1
        if percent_of:
            amount = percent_base * Decimal(p["price"]["percent"]) / D100
        else:
            amount = self.base(p, q)
        # step 2: attribute deltas (chosen value, else the attribute's default)
        chosen = dict(ln.get("attributes", {}))
        for a in p.get("attributes", []):
            vid = chosen.get(a["id"], a.get("default"))
            for v in a["values"]:
                if v["id"] == vid and v.get("priceDelta") is not None:
                    amount += Decimal(v["priceDelta"]) * q
        list_pre = amount
        # step 3: line price rules, each on the running amount
        for r in self.line_rules(p, q):
            amount = apply_action(r["action"], amount, q)
        # step 4: the manual line discount
        d = ln.get("discount")
        if d is not None:
            (kind, raw), = d.items()
            v = Decimal(raw)
            if kind == "percent":
                amount = amount * (1 - v / D100)
            elif kind == "amount":
                if v * q > amount:
                    raise Unpriceable(f"line {ln['id']}: amount discount above the unit price")
                amount = amount - v * q
            else:
                amount = v * q
        # step 5: term (a percent-of line is not multiplied: its base carries the terms)
        term = Decimal(1)
        if "term" in p and not percent_of:
            term = Decimal(ln.get("term", p["term"].get("default", p["term"].get("min", "1"))))
        amount *= term
        # step 6: round once
        return {
            "id": ln["id"],
            "sku": p["sku"],
            "optional": ln.get("optional", False) is True,
            "amount": self.rnd(amount),
            "list": self.rnd(list_pre * term),
            "rate": self.rates[p.get("taxCode", self.cat["defaultTaxCode"])],
        }

    def allocate(self, change: Decimal, eligible: list[dict]) -> None:
        if not eligible or sum(l["amount"] for l in eligible) == 0:
            raise Unpriceable("a quote adjustment with nothing to be proportional to")
        shares = largest_remainder(to_minor(change, self.scale), [to_minor(l["amount"], self.scale) for l in eligible])
        for l, s in zip(eligible, shares):
            l["amount"] += Decimal(s).scaleb(-self.scale)

    def price(self, quote: dict) -> dict:
        self.day = quote["date"][:10]
        priced: dict[int, dict] = {}
        # steps 1-6; percent-of lines after the lines they are a percentage of
        for i, ln in enumerate(quote["lines"]):
            if self.products[ln["sku"]]["price"]["model"] != "percentOf":
                priced[i] = self.price_line(ln, None)
        for i, ln in enumerate(quote["lines"]):
            p = self.products[ln["sku"]]
            if p["price"]["model"] == "percentOf":
                of = set(p["price"]["of"]["skus"])
                base = sum((l["amount"] for l in priced.values() if l["sku"] in of and not l["optional"]), D0)
                priced[i] = self.price_line(ln, base)
        lines = [priced[i] for i in range(len(quote["lines"]))]

        # step 7: quote-scope rules, then the quote's manual discount; each rounded, then
        # allocated over the non-optional lines by largest remainder
        eligible = [l for l in lines if not l["optional"]]
        running = sum((l["amount"] for l in eligible), D0)
        facts = {"quote": {"subtotal": running}}
        for r in self.resolve("quote", lambda r: holds(r.get("when"), facts)):
            change = self.rnd(apply_action(r["action"], running, Decimal(1)) - running)
            if change != 0:
                self.allocate(change, eligible)
                running += change
        disc = quote.get("discount")
        if disc is not None:
            if "percent" in disc:
                change = self.rnd(-(running * Decimal(disc["percent"]) / D100))
            else:
                v = Decimal(disc["amount"])
                if v > running:
                    raise Unpriceable("quote amount discount above the quote amount")
                change = self.rnd(-v)
            if change != 0:
                self.allocate(change, eligible)
                running += change

        # step 8: tax per line
        out_lines = []
        tot = {"list": D0, "net": D0, "tax": D0, "total": D0}
        for l in lines:
            rate = l["rate"]
            if self.inclusive:
                gross = l["amount"]
                tax = self.rnd(gross * rate / (D100 + rate))
                net = gross - tax
                total = gross
                lst = l["list"] - self.rnd(l["list"] * rate / (D100 + rate))
            else:
                net = l["amount"]
                tax = self.rnd(net * rate / D100)
                total = net + tax
                lst = l["list"]
            out_lines.append({"id": l["id"], "listAmount": fmt(lst, self.scale), "netAmount": fmt(net, self.scale),
                              "tax": fmt(tax, self.scale), "total": fmt(total, self.scale)})
            if not l["optional"]:
                tot["list"] += lst
                tot["net"] += net
                tot["tax"] += tax
                tot["total"] += total
        totals = {k: fmt(v, self.scale) for k, v in tot.items()}
        totals["discount"] = fmt(tot["list"] - tot["net"], self.scale)
        return {"lines": out_lines, "totals": totals}


def to_minor(x: Decimal, scale: int) -> int:
    v = x.scaleb(scale)
    assert v == v.to_integral_value(), "already rounded to minor units"
    return int(v)


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split `total` minor units in proportion to `weights`: each gets the whole units of its
    exact share (of the magnitude), the units left over go one each to the largest fractions,
    the earlier line first on a tie."""
    sign = -1 if total < 0 else 1
    m = abs(total)
    w_sum = sum(weights)
    assert w_sum > 0
    shares = [m * w // w_sum for w in weights]
    fractions = [m * w - s * w_sum for w, s in zip(weights, shares)]  # numerators over w_sum
    left = m - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-fractions[i], i))
    for i in order[:left]:
        shares[i] += 1
    return [sign * s for s in shares]


# --------------------------------------------------------------------------------------------
# Random cases
# --------------------------------------------------------------------------------------------

def dec_str(rng: random.Random, lo: float, hi: float, max_dp: int = 4) -> str:
    dp = rng.randint(0, max_dp)
    f = 10 ** dp
    units = rng.randint(int(lo * f), int(hi * f))
    s = str(units).rjust(dp + 1, "0")
    return s if dp == 0 else f"{s[:-dp]}.{s[-dp:]}"


def price_str(rng: random.Random, hi: float = 1000) -> str:
    r = rng.random()
    if r < 0.15:
        return rng.choice(["0.005", "0.125", "0.0025", "0.5", "1.5", "2.5", "0.015", "12.345", "99.99", "0.0005"])
    if r < 0.4:
        return dec_str(rng, 0, 10)
    return dec_str(rng, 0, hi)


def percent_str(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(["0", "3", "5", "10", "12.5", "15", "33.33", "50", "7.25", "100"])
    return dec_str(rng, 0, 100, 2)


def ascending_bounds(rng: random.Random, count: int, qmax: int) -> list[int]:
    pool = list(range(1, max(qmax, 2)))
    return sorted(rng.sample(pool, min(count, len(pool))))


CATEGORIES = ["license", "service", "addon"]
DAYS = ["2026-11-01", "2026-11-27", "2026-11-28", "2026-11-29", "2026-12-31"]  # the quote is dated 2026-11-28


def gen_product(rng: random.Random, i: int, tax_codes: list[str], plain_skus: list[str]) -> tuple[dict, dict]:
    sku = f"P{i}"
    qmax = rng.choice([5, 10, 50, 100, 500])
    frac = rng.random() < 0.25
    kinds = ["flat", "flat", "tiered", "volume", "block", "costPlus"] + (["percentOf"] if plain_skus else [])
    kind = rng.choice(kinds)
    p = {"sku": sku, "name": {"en": f"Product {i}", "zh-CN": f"产品{i}"},
         "qty": {"min": "0.01" if frac else "1", "max": str(qmax), "default": "1"}}
    if rng.random() < 0.6:
        p["category"] = rng.choice(CATEGORIES)
    if kind == "costPlus" or rng.random() < 0.2:
        p["cost"] = price_str(rng, 500)
    if kind == "flat":
        model = {"model": "flat", "list": price_str(rng)}
    elif kind in ("tiered", "volume"):
        bounds = ascending_bounds(rng, rng.randint(0, 3), qmax)
        tiers = []
        for k in range(len(bounds) + 1):
            t = {"upTo": str(bounds[k]) if k < len(bounds) else None, "unit": price_str(rng)}
            if rng.random() < 0.3:
                t["flat"] = price_str(rng, 100)
            tiers.append(t)
        model = {"model": kind, "tiers": tiers}
    elif kind == "block":
        bounds = [b for b in ascending_bounds(rng, rng.randint(0, 2), qmax) if b < qmax]
        blocks = [{"upTo": str(b), "price": price_str(rng, 5000)} for b in bounds]
        blocks.append({"upTo": str(qmax), "price": price_str(rng, 5000)})
        model = {"model": "block", "blocks": blocks}
    elif kind == "costPlus":
        model = {"model": "costPlus", "markup": percent_str(rng)}
    else:
        model = {"model": "percentOf", "percent": percent_str(rng),
                 "of": {"skus": rng.sample(plain_skus, rng.randint(1, len(plain_skus)))}}
    p["price"] = model
    if not frac and rng.random() < 0.5:
        p["qty"]["step"] = "1"
    if rng.random() < 0.5:
        p["taxCode"] = rng.choice(tax_codes)
    term_max = 0
    if kind != "percentOf" and rng.random() < 0.4:
        term_max = rng.choice([12, 24, 36])
        p["term"] = {"unit": "month", "min": "1", "max": str(term_max), "default": str(rng.randint(1, term_max))}
    if kind != "percentOf" and rng.random() < 0.4:
        attrs = []
        for a in range(rng.randint(1, 2)):
            values = []
            for v in range(rng.randint(1, 3)):
                val = {"id": f"v{v}", "name": f"Value {v}"}
                if rng.random() < 0.7:
                    val["priceDelta"] = price_str(rng, 200)
                values.append(val)
            attrs.append({"id": f"a{a}", "name": f"Attribute {a}", "default": "v0", "values": values})
        p["attributes"] = attrs
    return p, {"qmax": qmax, "frac": frac, "term_max": term_max}


def gen_action(rng: random.Random, scope: str) -> dict:
    r = rng.random()
    if r < 0.5:
        return {"percentOff": percent_str(rng)}
    if r < 0.65:
        return {"amountOff": price_str(rng, 50 if scope == "line" else 500)}
    if r < 0.8:
        return {"markup": dec_str(rng, 0, 30, 2)}
    if r < 0.9 or scope == "quote":
        return {"surcharge": price_str(rng, 50)}
    return {"setUnitPrice": price_str(rng, 500)}


def gen_rules(rng: random.Random, products: list[dict]) -> list[dict]:
    skus = [p["sku"] for p in products]
    categories = sorted({p["category"] for p in products if "category" in p})
    rules = []
    used_priorities: dict[str, set[int]] = {"line": set(), "quote": set()}
    for r in range(rng.randint(0, 3) + (1 if rng.random() < 0.3 else 0)):
        scope = "quote" if rng.random() < 0.2 else "line"
        stackable = rng.random() < 0.6
        priority = rng.randint(0, 5)
        if not stackable:
            if priority in used_priorities[scope]:
                stackable = True  # keep the non-stackable priorities distinct: no conflicts
            else:
                used_priorities[scope].add(priority)
        rule = {"id": f"R{r}", "scope": scope, "action": gen_action(rng, scope), "priority": priority, "stackable": stackable}
        if scope == "line":
            x = rng.random()
            if x < 0.5:
                rule["appliesTo"] = {"skus": rng.sample(skus, rng.randint(1, len(skus)))}
            elif x < 0.7 and categories:
                rule["appliesTo"] = {"categories": rng.sample(categories, rng.randint(1, len(categories)))}
            if rng.random() < 0.3:
                rule["when"] = {">=": [{"var": "line.qty"}, rng.randint(1, 20)]}
        elif rng.random() < 0.4:
            rule["when"] = {">=": [{"var": "quote.subtotal"}, rng.randint(0, 5000)]}
        if rng.random() < 0.2:
            lo, hi = sorted(rng.sample(DAYS, 2))
            if rng.random() < 0.5:
                rule["validFrom"] = lo
            if rng.random() < 0.7:
                rule["validTo"] = hi
        rules.append(rule)
    return rules


def gen_line_discount(rng: random.Random) -> dict:
    r = rng.random()
    if r < 0.6:
        return {"percent": percent_str(rng)}
    if r < 0.8:
        return {"amount": price_str(rng, 20)}
    return {"unitPrice": price_str(rng, 500)}


def gen_case(rng: random.Random) -> dict:
    currency = rng.choice(list(SCALES))
    scale = SCALES[currency]
    taxes = [{"code": f"T{i}", "rate": rng.choice(TAX_RATES)} for i in range(rng.randint(1, 3))]
    codes = [t["code"] for t in taxes]
    products, meta = [], []
    for i in range(rng.randint(1, 4)):
        plain = [q["sku"] for q in products if q["price"]["model"] != "percentOf"]
        p, m = gen_product(rng, i, codes, plain)
        products.append(p)
        meta.append(m)
    rules = gen_rules(rng, products)
    catalog = {
        "id": "crosscheck", "currency": currency, "locale": "en",
        "pricing": {"rounding": rng.choice(["half-up", "half-even"]),
                    "taxMode": rng.choice(["exclusive", "inclusive"])},
        "taxes": taxes, "defaultTaxCode": "T0", "products": products,
    }
    if rules:
        catalog["priceRules"] = rules

    lines = []
    for li in range(rng.randint(1, 8)):
        if lines and rng.random() < 0.2:
            # the same line again: equal amounts make largest-remainder ties (earlier line first)
            lines.append({**lines[-1], "id": f"L{li + 1}"})
            continue
        k = rng.randrange(len(products))
        p, m = products[k], meta[k]
        if m["frac"]:
            qty = dec_str(rng, 0.01, min(m["qmax"], 20) if rng.random() < 0.7 else m["qmax"], 2)
            if Decimal(qty) == 0:
                qty = "0.01"
        else:
            qty = str(rng.randint(1, min(m["qmax"], 20) if rng.random() < 0.7 else m["qmax"]))
        line = {"id": f"L{li + 1}", "sku": p["sku"], "qty": qty}
        if m["term_max"] and rng.random() < 0.8:
            line["term"] = str(rng.randint(1, m["term_max"]))
        if "attributes" in p and rng.random() < 0.7:
            line["attributes"] = {a["id"]: rng.choice(a["values"])["id"] for a in p["attributes"] if rng.random() < 0.8}
        if rng.random() < 0.15:
            line["optional"] = True
        if rng.random() < 0.35:
            line["discount"] = gen_line_discount(rng)
        lines.append(line)
    quote = {"id": "Q-X", "version": 1, "date": "2026-11-28", "currency": currency, "lines": lines}
    r = rng.random()
    if r < 0.35:
        quote["discount"] = {"percent": percent_str(rng)}
    elif r < 0.7:
        quote["discount"] = {"amount": fmt(Decimal(rng.randint(0, 10 ** scale * 2000)).scaleb(-scale), scale)}

    # Keep only cases the spec prices without an error or a judgment call.
    for _ in range(50):
        try:
            expected = Pricer(catalog).price(quote)
            break
        except Unpriceable as e:
            what = str(e)
            if what.startswith("line "):
                line_id = what.split(":")[0][5:]
                for ln in lines:
                    if ln["id"] == line_id:
                        ln.pop("discount", None)
            elif "quote amount discount" in what:
                amount = Decimal(quote["discount"]["amount"])
                quote["discount"] = {"amount": fmt(Decimal(rng.randint(0, to_minor(amount, scale) // 2)).scaleb(-scale), scale)}
            else:
                quote.pop("discount", None)
                catalog["priceRules"] = [r for r in catalog.get("priceRules", []) if r["scope"] != "quote"]
                if not catalog["priceRules"]:
                    del catalog["priceRules"]
    else:
        raise RuntimeError("could not make a priceable case")
    return {"catalog": catalog, "quote": quote, "expected": expected}


def build() -> str:
    rng = random.Random(SEED)
    cases = [gen_case(rng) for _ in range(N_CASES)]
    body = ",\n".join(json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in cases)
    return "[\n" + body + "\n]\n"


def self_test() -> None:
    """The worked example of the README's Pricing section, by hand."""
    cat = {"currency": "CNY", "pricing": {"rounding": "half-up", "taxMode": "exclusive"},
           "taxes": [{"code": "VAT13", "rate": "13"}], "defaultTaxCode": "VAT13",
           "products": [{"sku": "CRM-PRO", "term": {"unit": "month", "min": "1", "max": "60", "default": "12"},
                         "price": {"model": "flat", "list": "100.00"},
                         "attributes": [{"id": "deploy", "default": "cloud",
                                         "values": [{"id": "cloud"}, {"id": "onprem", "priceDelta": "20.00"}]}]}],
           "priceRules": [{"id": "long", "scope": "line", "stackable": True, "priority": 1,
                           "when": {">=": [{"var": "line.qty"}, 1]}, "action": {"percentOff": "5"}}]}
    quote = {"date": "2026-11-28", "lines": [{"id": "L1", "sku": "CRM-PRO", "qty": "7", "term": "24", "attributes": {"deploy": "onprem"},
                        "discount": {"percent": "3"}}], "discount": {"amount": "100.00"}}
    got = Pricer(cat).price(quote)
    assert got["lines"][0] == {"id": "L1", "listAmount": "20160.00", "netAmount": "18477.44", "tax": "2402.07", "total": "20879.51"}, got
    assert got["totals"]["discount"] == "1682.56", got
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    assert largest_remainder(-100, [1, 1, 1]) == [-34, -33, -33]
    assert largest_remainder(-5, [3, 3]) == [-3, -2]


if __name__ == "__main__":
    self_test()
    text = build()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("fixture is up to date" if same else "fixture differs from a fresh build")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {N_CASES} cases, {len(text.encode('utf-8'))} bytes to {os.path.relpath(OUT)}")
