#!/usr/bin/env python3
"""Validate the blind drafting-understanding eval set (dev.yaml + test.yaml).

Checks: YAML loads, ids unique (also across splits), languages, context shape,
intents and slot keys from the fixed list, field ids, and that every area /
target name is an exact (de-hyphenated) name extracted from the template text.

Usage: python check.py [--template PATH]
"""
import argparse
import collections
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TEMPLATE = "/work/shared/corpus/template_tietojohtamisen_kehittamissuunnitelma_2020.txt"

TEXT_FIELDS = [
    "sote_maakunta", "jarjestamisvastuulliset_organisaatiot", "valmisteluajan_vastuullinen_toimija",
    "alueellisen_yhteistyon_malli", "nykytilan_kuvaus", "arviointi_toteutettu", "arvioinnin_tulokset",
    "arvioinnin_suunnitelma", "kuvaus_suhteessa_nykytilaan", "tavoiteltavat_tulokset", "hyodyt",
    "seuranta_ja_arviointi",
]
ACTION_FIELDS = ["action_text", "schedule_short", "schedule_long", "responsible", "prerequisites"]
ALL_FIELDS = TEXT_FIELDS + ACTION_FIELDS
SECTIONS = {"3", "3.1", "3.1.1", "3.1.2", "3.2", "3.2.1", "3.2.2", "3.3", "3.4", "3.5"}

# intent -> (required slot keys, optional slot keys, "exactly one of" groups)
INTENTS = {
    "answer": (set(), set(), []),
    "question": (set(), set(), []),
    "answer_elsewhere": ({"field"}, set(), []),
    "correction": (set(), {"field"}, []),
    "navigate": (set(), set(), [{"field", "area", "target", "section"}]),
    "skip_question": (set(), set(), []),
    "skip_target": (set(), set(), []),
    "accept_proposals": (set(), set(), [{"numbers", "all"}]),
    "reject_proposals": (set(), set(), [{"numbers", "all"}]),
    "edit_proposal": ({"number"}, set(), []),
    "request_proposals": (set(), set(), []),
    "add_action": (set(), {"target"}, []),
    "edit_action": ({"field"}, {"action"}, []),
    "move_action": ({"action", "target"}, set(), []),
    "delete_action": ({"action"}, set(), []),
    "undecided": ({"field"}, set(), []),
    "set_periods": (set(), {"short", "long"}, []),
    "assessment_results": ({"rows"}, set(), []),
    "instruction": (set(), set(), []),
    "help": (set(), set(), []),
    "status": (set(), set(), []),
    "missing": (set(), set(), []),
    "smalltalk": (set(), set(), []),
}
LANGS = {"fi", "sv", "en"}


def _dehyphenate(lines):
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if out.endswith("-"):
            out = out[:-1] + ln
        else:
            out = (out + " " + ln) if out else ln
    out = re.sub(r"(?<=[a-zåäö])-\s*(?=[a-zåäö])", "", out)
    return re.sub(r"\s+", " ", out).strip()


def extract_template_names(path):
    """Return (ordered list of areas, dict target -> area) parsed from the template text."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    lines = text.split("\n")
    heads = [(i, m.group(1).strip()) for i, ln in enumerate(lines)
             for m in [re.search(r"Kehittämisen osa-alue:\s*(.+)$", ln)] if m]
    areas, targets = [], {}
    for k, (start, area) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        block = lines[start + 1:end]
        areas.append(area)
        m = [re.search(r"Kehittämiskohde:\s*(\S.+)$", ln) for ln in block]
        m = [x for x in m if x]
        if m:  # HYÖDYT: a single target written inline
            targets[m[0].group(1).strip()] = area
            continue
        # skip the table header (ends with the line containing "toteutumiselle")
        j = next(i for i, ln in enumerate(block) if "toteutumiselle" in ln) + 1
        cells, cur = [], None
        for ln in block[j:]:
            if ln.startswith("\t"):
                cur = [ln]
                cells.append(cur)
            elif cur is not None:
                cur.append(ln)
        for cell in cells:
            # a target cell is the text up to the first blank line
            first = []
            for ln in cell:
                if not ln.strip():
                    break
                first.append(ln)
            name = _dehyphenate(first)
            if not name or name.startswith("Esim.") or re.match(r"20\d\d-20\d\d", name):
                continue
            if name.startswith("Seuranta ja arviointi") or name.startswith("Tavoitteiden"):
                continue
            targets[name] = area
    return areas, targets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", default=os.environ.get("DRAFTING_TEMPLATE", DEFAULT_TEMPLATE))
    args = ap.parse_args()

    areas, target_area = extract_template_names(args.template)
    expected_counts = {"VISIO JA STRATEGIA": 4, "HALLINTORAKENNE JA ORGANISOINTI": 4, "TIETOTARPEET": 2,
                       "TIEDON HANKINTA": 1, "TIEDON ORGANISOINTI JA VARASTOINTI": 3,
                       "TIETOTUOTTEET JA PALVELUT": 2, "TIEDON JAKAMINEN": 2, "TIEDON KÄYTTÖ": 3,
                       "MITTARIT": 3, "HYÖDYT": 1}
    got = collections.Counter(target_area.values())
    errors = []
    if dict(got) != expected_counts or areas != list(expected_counts):
        errors.append(f"template parse mismatch: areas={areas} counts={dict(got)}")

    items, split_of = [], {}
    for split in ("dev", "test"):
        path = os.path.join(HERE, f"{split}.yaml")
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            errors.append(f"{split}.yaml: top-level key 'items' missing")
            continue
        for it in data["items"]:
            items.append(it)
            iid = it.get("id")
            if iid in split_of:
                errors.append(f"duplicate id {iid} ({split_of[iid]} and {split})")
            split_of[iid] = split

    def err(it, msg):
        errors.append(f"{it.get('id')}: {msg}")

    for it in items:
        if set(it) != {"id", "lang", "context", "message", "expected", "note"}:
            err(it, f"item keys {sorted(it)}")
            continue
        if not re.fullmatch(r"d\d{3}", str(it["id"])):
            err(it, "bad id")
        if it["lang"] not in LANGS:
            err(it, f"bad lang {it['lang']}")
        if not isinstance(it["message"], str) or not it["message"].strip():
            err(it, "empty message")
        if not isinstance(it["note"], str) or not it["note"].strip() or "\n" in it["note"].strip():
            err(it, "note must be one short line")
        ctx = it["context"]
        if set(ctx) != {"field", "target", "area", "proposals", "actions", "assistant_question"}:
            err(it, f"context keys {sorted(ctx)}")
            continue
        if ctx["field"] not in ALL_FIELDS:
            err(it, f"context field {ctx['field']}")
        if ctx["target"] is not None and ctx["target"] not in target_area:
            err(it, f"context target not a template name: {ctx['target']!r}")
        if ctx["area"] is not None and ctx["area"] not in areas:
            err(it, f"context area not a template name: {ctx['area']!r}")
        if ctx["target"] is not None and target_area.get(ctx["target"]) != ctx["area"]:
            err(it, "context target/area mismatch")
        if ctx["field"] in ACTION_FIELDS and ctx["target"] is None:
            err(it, "action field without target")
        if ctx["field"] in TEXT_FIELDS and (ctx["target"] is not None or ctx["proposals"]):
            err(it, "text field with target/proposals")
        if not isinstance(ctx["proposals"], list) or not all(isinstance(n, int) for n in ctx["proposals"]):
            err(it, "proposals must be a list of ints")
        if not isinstance(ctx["actions"], int) or ctx["actions"] < 0:
            err(it, "actions must be a non-negative int")
        if not isinstance(ctx["assistant_question"], str) or not ctx["assistant_question"].strip():
            err(it, "empty assistant_question")

        exp = it["expected"]
        if set(exp) != {"intent", "slots"}:
            err(it, f"expected keys {sorted(exp)}")
            continue
        intent, slots = exp["intent"], exp["slots"]
        if intent not in INTENTS:
            err(it, f"unknown intent {intent}")
            continue
        if not isinstance(slots, dict):
            err(it, "slots must be a mapping")
            continue
        req, opt, groups = INTENTS[intent]
        allowed = req | opt | set().union(*groups) if groups else req | opt
        keys = set(slots)
        if not keys <= allowed:
            err(it, f"slot keys {sorted(keys - allowed)} not allowed for {intent}")
        if not req <= keys:
            err(it, f"missing slots {sorted(req - keys)} for {intent}")
        for g in groups:
            if len(keys & g) != 1:
                err(it, f"{intent} needs exactly one of {sorted(g)}")
        if intent == "set_periods" and not keys:
            err(it, "set_periods needs short and/or long")
        for k, v in slots.items():
            if k == "field":
                pool = ACTION_FIELDS if intent == "edit_action" else ALL_FIELDS
                if v not in pool:
                    err(it, f"bad field slot {v!r}")
            elif k == "area":
                if v not in areas:
                    err(it, f"area not a template name: {v!r}")
            elif k == "target":
                if v not in target_area:
                    err(it, f"target not a template name: {v!r}")
            elif k == "section":
                if str(v) not in SECTIONS or not isinstance(v, str):
                    err(it, f"bad section {v!r}")
            elif k == "numbers":
                if not v or not all(isinstance(n, int) for n in v):
                    err(it, "numbers must be a non-empty int list")
                elif not set(v) <= set(ctx["proposals"]):
                    err(it, "numbers not among shown proposals")
            elif k == "all":
                if v is not True:
                    err(it, "all must be true")
            elif k == "number":
                if not isinstance(v, int) or v not in ctx["proposals"]:
                    err(it, "number must be a shown proposal")
            elif k == "action":
                if not isinstance(v, int) or not 1 <= v <= ctx["actions"]:
                    err(it, "action number out of range of context actions")
            elif k in ("short", "long"):
                if not (isinstance(v, list) and len(v) == 2 and all(isinstance(y, int) for y in v)
                        and 2000 <= v[0] <= v[1] <= 2100):
                    err(it, f"bad period {k}: {v!r}")
            elif k == "rows":
                if not isinstance(v, list) or not v:
                    err(it, "rows must be a non-empty list")
                    continue
                for r in v:
                    if not isinstance(r, dict) or set(r) != {"area", "maturity", "satisfaction"}:
                        err(it, f"bad row {r!r}")
                        continue
                    if r["area"] not in areas:
                        err(it, f"row area not a template name: {r['area']!r}")
                    for m in ("maturity", "satisfaction"):
                        if r[m] is not None and (isinstance(r[m], bool) or not isinstance(r[m], (int, float))):
                            err(it, f"row {m} must be number or null")
                    if r["maturity"] is None and r["satisfaction"] is None:
                        err(it, "row with neither maturity nor satisfaction")
        if intent == "undecided" and slots.get("field") != ctx["field"]:
            err(it, "undecided field should be the field being asked")
        if intent == "add_action" and "target" in slots and slots["target"] == ctx["target"]:
            err(it, "add_action target given but equals current target")
        if intent == "answer_elsewhere" and slots.get("field") == ctx["field"]:
            err(it, "answer_elsewhere to the field being asked")
        if intent == "move_action" and slots.get("target") == ctx["target"]:
            err(it, "move_action to the current target")

    # counts
    by = collections.Counter((split_of[i["id"]], i["lang"], i["expected"]["intent"]) for i in items)
    intents = collections.Counter(i["expected"]["intent"] for i in items)
    langs = collections.Counter(i["lang"] for i in items)
    for name in INTENTS:
        if intents[name] < 6:
            errors.append(f"intent {name} has only {intents[name]} items (< 6)")
    if len(items) < 240:
        errors.append(f"only {len(items)} items (< 240)")
    if intents["answer"] != max(intents.values()):
        errors.append("answer should be the most common intent")

    n = len(items)
    print(f"items: {n}  dev: {sum(1 for v in split_of.values() if v == 'dev')}  "
          f"test: {sum(1 for v in split_of.values() if v == 'test')}")
    print("langs: " + ", ".join(f"{k} {v} ({100 * v / n:.0f} %)" for k, v in sorted(langs.items())))
    print(f"{'intent':20s} {'total':>5s} {'dev':>4s} {'test':>4s}")
    for name in INTENTS:
        d = sum(c for (s, l, t), c in by.items() if s == "dev" and t == name)
        t_ = sum(c for (s, l, t), c in by.items() if s == "test" and t == name)
        print(f"{name:20s} {intents[name]:5d} {d:4d} {t_:4d}")
    print(f"template: {len(areas)} areas, {len(target_area)} targets")
    if errors:
        print(f"\n{len(errors)} ERRORS:")
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
