"""Recomputes every computable expected answer from plans.yaml and checks gold passages
against the corpus. Independent of build_*.py (reads only the YAML files and the corpus).

    python3 check.py            # exits 1 on any mismatch
"""
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus")

AREAS9 = {
    "VISIO JA STRATEGIA": ["Tietojohtamisen strategia ja tavoitteet", "Tietojohtamisen yhteys koko organisaation strategiaan",
                           "Tietojohtamisen laajuus ja merkitys", "Systemaattinen lähestymistapa tietojohtamisen kehittämiseen"],
    "HALLINTORAKENNE JA ORGANISOINTI": ["Ylimmän johdon tuki", "Työntekijöiden sitoutuminen", "Henkilöstön osaaminen", "Resurssit"],
    "TIETOTARPEET": ["Tietotarpeiden tunnistaminen", "Tietotarpeiden ymmärtäminen"],
    "TIEDON HANKINTA": ["Tiedon kerääminen ja saatavuus"],
    "TIEDON ORGANISOINTI JA VARASTOINTI": ["Kokonaisarkkitehtuuri", "Tiedon säilyttäminen tietojärjestelmissä", "Tiedon integraatio"],
    "TIETOTUOTTEET JA PALVELUT": ["Käytössä olevien tietotuotteiden muoto", "Tietojärjestelmien tuki raportointiin ja analyysiin"],
    "TIEDON JAKAMINEN": ["Tiedon kommunikointi", "Tiedon jakamisen reaaliaikaisuus"],
    "TIEDON KÄYTTÖ": ["Suorituskyvyn johtamisen prosessi", "Tiedon käyttö päätöksenteossa", "Tiedon käyttö resurssien allokoinnissa"],
    "MITTARIT": ["Mittareiden ja strategian välinen yhteys", "Mittareiden kattavuus", "Mittaustiedon laatu ja luotettavuus"],
}
AREAS10 = list(AREAS9) + ["HYÖDYT"]
TARGET_AREA = {t: a for a, ts in AREAS9.items() for t in ts}
SECTION_IDS = ["sote_maakunta", "jarjestamisvastuulliset_organisaatiot", "valmisteluajan_vastuullinen_toimija",
               "alueellisen_yhteistyon_malli", "nykytilan_kuvaus", "arviointi_toteutettu", "arvioinnin_tulokset",
               "arvioinnin_suunnitelma", "kuvaus_suhteessa_nykytilaan", "tavoiteltavat_tulokset", "hyodyt",
               "seuranta_ja_arviointi"]
TOPIC_KEYWORDS = {
    "tietosuoja": ["tietosuoj", "henkilötie", "gdpr", "dpia", "dataskydd", "personuppgift", "rekisterinpit"],
    "master data": ["master data", "master-data", "masterdata", "ydintie"],
    "koulutus": ["koulut", "kurssi", "utbild", "valmenn", "perehdyt"],
    "tekoäly": ["tekoäly", "koneoppi", "maskininlärning", "artificiell"],
    "sosiaalihuolto": ["sosiaalihuol", "socialvård"],
}
FACETS = ["targets_without_actions", "areas_without_actions", "actions_missing_field", "count_actions",
          "count_areas_with_actions", "actions_by_person", "assessment", "empty_sections", "topic_mentioned",
          "period_balance", "roadmap_alignment", "guidance", "mixed", "unanswerable"]


def empty(v):
    return v is None or (isinstance(v, str) and not v.strip())


def load(name):
    with open(HERE / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


plans = {p["id"]: p for p in load("plans.yaml")["plans"]}
errors = []


def err(qid, msg):
    errors.append(f"{qid}: {msg}")


# ------------------------------------------------------------------ plan sanity
for pid, p in plans.items():
    n = len(p["actions"])
    if not 12 <= n <= 30:
        err(pid, f"{n} actions (want 12-30)")
    for a in p["actions"]:
        if a["target"] not in TARGET_AREA:
            err(pid, f"unknown target {a['target']!r}")
    for s in p["sections"]:
        if s not in SECTION_IDS:
            err(pid, f"unknown section id {s}")
    for r in p.get("assessment") or []:
        if r["area"] not in AREAS10:
            err(pid, f"unknown assessment area {r['area']}")
    texts = [a["text"] for a in p["actions"]]
    if len(set(texts)) != len(texts):
        err(pid, "duplicate action texts")


# ------------------------------------------------------------------ computations
def area_of(a):
    return TARGET_AREA[a["target"]]


def sel_actions(p, f):
    acts = p["actions"]
    if f.get("area"):
        acts = [a for a in acts if area_of(a) == f["area"]]
    if f.get("target"):
        acts = [a for a in acts if a["target"] == f["target"]]
    if f.get("person"):
        acts = [a for a in acts if a["responsible"] and f["person"].lower() in a["responsible"].lower()]
    if f.get("period") == "short":
        acts = [a for a in acts if not empty(a["short"])]
    if f.get("period") == "long":
        acts = [a for a in acts if not empty(a["long"])]
    return acts


def missing(a, field):
    if field == "responsible":
        return empty(a["responsible"])
    if field == "prerequisites":
        return empty(a["prerequisites"])
    if field == "schedule_short":
        return empty(a["short"])
    if field == "schedule_long":
        return empty(a["long"])
    if field == "schedule_any":
        return empty(a["short"]) and empty(a["long"])
    raise ValueError(field)


def compute(p, facet, f):
    """Returns the expected answer dict (without yes_no/gold, handled separately)."""
    used_targets = {a["target"] for a in p["actions"]}
    used_areas = {area_of(a) for a in p["actions"]}
    if facet == "targets_without_actions":
        ts = [t for a, tl in AREAS9.items() if not f.get("area") or a == f["area"] for t in tl if t not in used_targets]
        return {"items": ts, "count": len(ts)}
    if facet == "areas_without_actions":
        ars = [a for a in AREAS9 if a not in used_areas]
        return {"items": ars, "count": len(ars)}
    if facet == "count_areas_with_actions":
        return {"count": len(used_areas)}
    if facet == "count_actions":
        return {"count": len(sel_actions(p, f))}
    if facet == "actions_missing_field":
        acts = sel_actions(p, {"area": f.get("area")})
        items = [a["text"] for a in acts if missing(a, f["field"])]
        return {"count": len(items), "items": items}
    if facet == "actions_by_person":
        if f.get("person"):
            items = [a["text"] for a in sel_actions(p, {"person": f["person"]})]
            return {"items": items, "count": len(items)}
        c = Counter(a["responsible"] for a in p["actions"] if not empty(a["responsible"]))
        top = max(c.values())
        return {"items": [r for r, n in c.items() if n == top], "count": top}
    if facet == "assessment":
        rows = p.get("assessment") or []
        if not rows:
            return {"no_assessment": True}
        m = f["metric"]
        if "with_actions" in f:
            rows = [r for r in rows if r["area"] != "HYÖDYT" and ((r["area"] in used_areas) == f["with_actions"])]
        if "threshold" in f:
            th = f["threshold"]
            if f["comparison"] == "below":
                items = [r["area"] for r in rows if r[m] < th]
            else:
                items = [r["area"] for r in rows if r[m] > th]
        else:
            vals = [r[m] for r in rows]
            best = min(vals) if f["order"] == "lowest" else max(vals)
            items = [r["area"] for r in rows if r[m] == best]
        return {"items": items, "count": len(items)}
    if facet == "empty_sections":
        secs = p["sections"]
        items = [s for s in SECTION_IDS if empty(secs.get(s))]
        return {"items": items, "count": len(items)}
    if facet == "topic_mentioned":
        kws = TOPIC_KEYWORDS[f["topic"]]
        hit = lambda s: isinstance(s, str) and any(k in s.lower() for k in kws)
        items = [s for s in SECTION_IDS if hit(p["sections"].get(s))]
        items += [a["text"] for a in p["actions"]
                  if any(hit(a[k]) for k in ("text", "short", "long", "responsible", "prerequisites"))]
        return {"yes_no": "yes" if items else "no", "items": items}
    if facet == "period_balance":
        return {"short": sum(not empty(a["short"]) for a in p["actions"]),
                "long": sum(not empty(a["long"]) for a in p["actions"])}
    raise ValueError(facet)


def same(a, b):
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


corpus_lines = {}
for fp in CORPUS.glob("*.txt"):
    corpus_lines[fp.stem] = fp.read_text(encoding="utf-8").splitlines()


def check_gold(qid, gold):
    if not gold:
        err(qid, "empty gold")
    for g in gold:
        lines = corpus_lines.get(g["doc"])
        if lines is None:
            err(qid, f"unknown doc {g['doc']}")
            continue
        if not any(g["text"] in ln for ln in lines):
            err(qid, f"gold not a single-line substring of {g['doc']}: {g['text']!r}")
        nw = len(g["text"].split())
        if not 4 <= nw <= 15:
            err(qid, f"gold has {nw} words: {g['text']!r}")


def check_question(x):
    qid, exp = x["id"], x["expected"]
    facet, f, ans = exp["facet"], exp.get("filters") or {}, exp.get("answer") or {}
    if facet not in FACETS:
        err(qid, f"unknown facet {facet}")
        return
    if x["plan"] not in plans:
        err(qid, f"unknown plan {x['plan']}")
        return
    if x["lang"] not in ("fi", "sv", "en"):
        err(qid, f"bad lang {x['lang']}")
    p = plans[x["plan"]]
    if facet in ("roadmap_alignment", "unanswerable"):
        if ans:
            err(qid, "answer should be {}")
        return
    if facet == "guidance":
        check_gold(qid, ans.get("gold"))
        return
    plan_facet, pf = facet, f
    if facet == "mixed":
        check_gold(qid, ans.get("gold"))
        plan_facet = f["plan_facet"]
        pf = {k: v for k, v in f.items() if k != "plan_facet"}
    for fld in ("area",):
        if pf.get(fld) and pf[fld] not in AREAS9:
            err(qid, f"unknown area filter {pf[fld]}")
    got = compute(p, plan_facet, pf)
    for k, v in got.items():
        if k == "yes_no" and plan_facet != "topic_mentioned":
            continue
        if k not in ans:
            err(qid, f"answer lacks {k} (computed {v!r})")
        elif not same(ans[k], v):
            err(qid, f"{k}: expected {ans[k]!r} but computed {v!r}")
    if plan_facet == "actions_by_person" and not pf.get("person"):
        # items are person strings; check they appear verbatim as a responsible value
        pass
    if "yes_no" in ans and plan_facet != "topic_mentioned":
        if plan_facet == "actions_missing_field":
            want = "yes" if got["count"] == 0 else "no"     # "do all actions have X?"
        elif plan_facet == "empty_sections":
            want = "yes" if got["count"] > 0 else "no"      # "are there empty sections?"
        else:
            want = None
        if want is None:
            err(qid, "yes_no not supported for this facet")
        elif ans["yes_no"] != want:
            err(qid, f"yes_no expected {ans['yes_no']} computed {want}")
    if plan_facet == "assessment" and not got.get("no_assessment"):
        for k in ("metric",):
            if pf.get(k) not in ("maturity", "satisfaction"):
                err(qid, "bad metric")


all_q = load("questions.yaml")["questions"]
dev = load("dev.yaml")["questions"]
test = load("test.yaml")["questions"]
for x in all_q:
    check_question(x)

ids = [x["id"] for x in all_q]
if len(set(ids)) != len(ids):
    err("set", "duplicate ids")
dev_ids, test_ids = {x["id"] for x in dev}, {x["id"] for x in test}
if dev_ids & test_ids:
    err("split", "dev/test overlap")
if dev_ids | test_ids != set(ids):
    err("split", "dev+test != questions")
byid = {x["id"]: x for x in all_q}
for x in dev + test:
    if x != byid[x["id"]]:
        err(x["id"], "split copy differs from questions.yaml")

# requirement checks
n = len(all_q)
lang = Counter(x["lang"] for x in all_q)
fac = Counter(x["expected"]["facet"] for x in all_q)
if n < 170:
    err("set", f"only {n} questions")
for fct in FACETS:
    need = 15 if fct == "guidance" else 10 if fct == "unanswerable" else 6
    if fac[fct] < need:
        err("set", f"facet {fct} has {fac[fct]} < {need}")

print(f"questions: {n}  dev: {len(dev)}  test: {len(test)}")
print("lang:", dict(lang), {k: f"{v / n:.0%}" for k, v in lang.items()})
print("facet:", dict(fac))
if errors:
    print(f"\n{len(errors)} ERRORS")
    print("\n".join(errors))
    sys.exit(1)
print("OK: all computable answers and gold passages verified")
