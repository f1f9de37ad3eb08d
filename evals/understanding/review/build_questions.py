"""Writes questions.yaml, dev.yaml and test.yaml.

Every expected answer below was worked out BY HAND from the plans in build_plans.py
(action keys A1.., B1.., C1.. are expanded to the exact action texts); check.py
recomputes them independently from plans.yaml.
Split: random.Random(12), stratified by (lang, facet), ~50/50.
"""
import random
from collections import defaultdict

import yaml

from build_plans import KEYED, T

AREA = {
    "VS": "VISIO JA STRATEGIA", "HO": "HALLINTORAKENNE JA ORGANISOINTI", "TT": "TIETOTARPEET",
    "TH": "TIEDON HANKINTA", "OV": "TIEDON ORGANISOINTI JA VARASTOINTI", "TP": "TIETOTUOTTEET JA PALVELUT",
    "TJ": "TIEDON JAKAMINEN", "TK": "TIEDON KÄYTTÖ", "M": "MITTARIT", "HY": "HYÖDYT",
}
SALO = "Riikka Salo, tietojohtamisen kehittämispäällikkö"
RANTALA = "Pekka Rantala, kehitysjohtaja"
SJOBERG = "Johanna Sjöberg, utvecklingschef för kunskapsledning"

Q = []


def q(plan, lang, question, facet, filters=None, answer=None, note=""):
    Q.append({"plan": plan, "lang": lang, "question": question,
              "expected": {"facet": facet, "filters": filters or {}, "answer": answer or {}},
              "note": note})


def tg(*keys):
    items = [T[k][1] for k in keys]
    return {"items": items, "count": len(items)}


def ar(*keys):
    items = [AREA[k] for k in keys]
    return {"items": items, "count": len(items)}


def acts(*keys, yes_no=None):
    d = {"count": len(keys), "items": [KEYED[k] for k in keys]}
    if yes_no:
        d["yes_no"] = yes_no
    return d


def gold(doc, text):
    return {"doc": doc, "text": text}


TPL = "template_tietojohtamisen_kehittamissuunnitelma_2020"
NEWS = "news_kehittamissuunnitelmamalli_2020-06-05"
BLOG = "blog_tietojohtamisen_maakuntakierros_2018"
ROAD = "roadmap_alueellisen_toimeenpanon_tiekartta_2022-08-30"
SOITE = "plan_soite_2_0_rakenneuudistus_hankesuunnitelma_2020"
G_EVERY = gold(TPL, "Lisää kaikille toimenpiteille aikataulu, vastuuhenkilö ja edellytykset/vaatimukset.")
G_SCHED = gold(TPL, "Toimenpiteille määritetään toteutusaikataulu, nimetään toimenpiteen vastuuhenkilö")
G_DP = gold(TPL, "Kehittämissuunnitelman laatimisessa tulee läpileikkaavana teemana huomioida tietosuoja.")
G_NOTALL = gold(TPL, "Kaikkia kehittämisen osa-alueita ei tarvitse täyttää.")
G_BASE = gold(TPL, "Kehittämisen pohjaksi alueiden edellytetään tekevän arvion tietojohtamisen kypsyystasosta")
G_35 = gold(TPL, "Kuinka kehittämissuunnitelman tavoitteiden ja toimenpiteiden toteutumista seurataan ja arvioidaan kehittämistyön aikana ja sen jälkeen?")

# ---------------------------------------------------------------- targets_without_actions
F = "targets_without_actions"
q("plan_a", "fi", "Mitkä kehittämiskohteet ovat jääneet kokonaan ilman toimenpiteitä?", F, {},
  tg("VS3", "HO2", "TJ1", "TJ2", "TK3"), "plain coverage question")
q("plan_b", "fi", "Onko suunnitelmassa kehittämiskohteita joille ei oo kirjattu yhtään toimenpidettä? listaa ne", F, {},
  tg("VS2", "VS3", "TH1", "OV3", "TP1", "TP2", "TJ2", "TK2", "M1", "M2", "M3"), "colloquial; 11 of 24 empty")
q("plan_c", "sv", "Vilka utvecklingsobjekt saknar helt åtgärder i planen?", F, {},
  tg("VS2", "HO2", "TT1", "TT2", "TK1", "TK2", "TK3"), "Swedish reviewer, Swedish plan")
q("plan_b", "en", "Which development targets have no actions at all?", F, {},
  tg("VS2", "VS3", "TH1", "OV3", "TP1", "TP2", "TJ2", "TK2", "M1", "M2", "M3"), "")
q("plan_a", "fi", "Visio ja strategia -osa-alueella: mikä kehittämiskohde on jätetty ilman toimenpiteitä?", F,
  {"area": AREA["VS"]}, tg("VS3"), "area filter")
q("plan_a", "fi", "tiedon käytön osa-alueelta puuttuuko jonkun kehittämiskohteen toimenpitet?", F,
  {"area": AREA["TK"]}, tg("TK3"), "misspelling 'toimenpitet', area in genitive")
q("plan_a", "fi", "Onko mittareiden kaikille kehittämiskohteille kirjattu toimenpiteitä vai jääkö joku tyhjäksi?", F,
  {"area": AREA["M"]}, tg(), "area filter, answer is none")
q("plan_b", "sv", "Inom området Informationsanvändning, vilka utvecklingsobjekt saknar åtgärder?", F,
  {"area": AREA["TK"]}, tg("TK2"), "area named in Swedish (Tiedon käyttö)")
q("plan_b", "fi", "Tiedon organisointi ja varastonti: mille kehittämiskohteille ei ole toimenpiteitä?", F,
  {"area": AREA["OV"]}, tg("OV3"), "misspelling 'varastonti'")
q("plan_b", "en", "In the governance and organisation area (Hallintorakenne ja organisointi), are any targets left without actions?", F,
  {"area": AREA["HO"]}, tg(), "area filter, none missing")
q("plan_c", "sv", "Finns det utvecklingsobjekt under Vision och strategi som inte har några åtgärder?", F,
  {"area": AREA["VS"]}, tg("VS2"), "area named in Swedish")
q("plan_c", "fi", "Strandlandetin suunnitelmassa: mitkä tiedon käytön kehittämiskohteet on tyhjiä?", F,
  {"area": AREA["TK"]}, tg("TK1", "TK2", "TK3"), "Finnish reviewer, Swedish plan")
q("plan_c", "sv", "Vilka utvecklingsobjekt inom förvaltningsstruktur och organisering saknar åtgärder?", F,
  {"area": AREA["HO"]}, tg("HO2"), "area named in Swedish")
q("plan_c", "fi", "Ohjausryhmä kokoontuu ensi viikolla ja haluan tietää etukäteen kattavuudesta. Mallipohjassa on 24 kehittämiskohdetta yhdeksällä osa-alueella; mitkä niistä on jätetty ilman yhtään toimenpidettä tässä suunnitelmassa?", F, {},
  tg("VS2", "HO2", "TT1", "TT2", "TK1", "TK2", "TK3"), "long question with context")

# ---------------------------------------------------------------- areas_without_actions
F = "areas_without_actions"
q("plan_a", "fi", "Mitkä arviointimallin osa-alueet ovat ilman toimenpiteitä?", F, {}, ar("TJ"), "HYÖDYT never counted")
q("plan_b", "fi", "Onko joku kehittämisen osa-alue jätetty kokonaan tyhjäksi?", F, {}, ar("TH", "TP", "M"), "")
q("plan_b", "fi", "mitä osa-alueita ei oo käsitelty ollenkaan toimenpidetaulukossa", F, {}, ar("TH", "TP", "M"), "colloquial, no question mark")
q("plan_c", "sv", "Vilka utvecklingsområden saknar helt åtgärder?", F, {}, ar("TT", "TK"), "")
q("plan_c", "en", "Which of the nine development areas in section 3.4 have no actions?", F, {}, ar("TT", "TK"), "")
q("plan_c", "fi", "Kuinka monelta osa-alueelta puuttuu toimenpiteet kokonaan, ja mitkä ne ovat?", F, {}, ar("TT", "TK"), "")
q("plan_a", "en", "Are there any development areas without a single action in this plan?", F, {}, ar("TJ"), "")
q("plan_a", "sv", "Finns det något område i planen som saknar åtgärder?", F, {}, ar("TJ"), "Swedish reviewer, Finnish plan")
q("plan_a", "fi", "Kansallinen koordinaattori pyysi tarkistamaan, että jokaiselle tietojohtamisen osa-alueelle on ainakin yksi toimenpide. Mitkä osa-alueet puuttuu?", F, {},
  ar("TJ"), "long question with context")
q("plan_b", "sv", "Vilka områden har inga åtgärder alls i Kivikoskis plan?", F, {}, ar("TH", "TP", "M"), "")
q("plan_b", "fi", "mitkä osa-aluuet on jääny ilman toimenpitetiä", F, {}, ar("TH", "TP", "M"), "misspellings")
q("plan_b", "en", "List the development areas that the plan leaves completely empty.", F, {}, ar("TH", "TP", "M"), "")

# ---------------------------------------------------------------- count_areas_with_actions
F = "count_areas_with_actions"
q("plan_a", "fi", "Monellako osa-alueella on toimenpiteitä?", F, {}, {"count": 8}, "")
q("plan_b", "fi", "Kuinka moneen kehittämisen osa-alueeseen suunnitelmassa on kirjattu vähintään yksi toimenpide?", F, {}, {"count": 6}, "")
q("plan_c", "sv", "Hur många utvecklingsområden har minst en åtgärd?", F, {}, {"count": 7}, "")
q("plan_c", "en", "How many of the nine areas are covered by at least one action?", F, {}, {"count": 7}, "")
q("plan_c", "fi", "Montako osa-aluetta yhdeksästä on katettu toimenpitein?", F, {}, {"count": 7}, "")
q("plan_a", "sv", "På hur många områden finns det åtgärder?", F, {}, {"count": 8}, "")
q("plan_b", "en", "How many areas does the action table actually cover?", F, {}, {"count": 6}, "")
q("plan_a", "fi", "kuinka monnella osa-alueella on toimenpiteitä", F, {}, {"count": 8}, "misspelling 'monnella'")

# ---------------------------------------------------------------- count_actions
F = "count_actions"
q("plan_a", "fi", "Montako toimenpidettä suunnitelmassa on yhteensä?", F, {}, {"count": 22}, "")
q("plan_c", "sv", "Hur många åtgärder innehåller planen totalt?", F, {}, {"count": 18}, "")
q("plan_b", "en", "How many actions are in the plan?", F, {}, {"count": 14}, "")
q("plan_a", "fi", "Kuinka monta toimenpidettä hallintorakenteen ja organisoinnin alle on kirjattu?", F,
  {"area": AREA["HO"]}, {"count": 4}, "area in genitive")
q("plan_b", "fi", "hallintorakenne ja organisointi – montako toimenpidettä?", F, {"area": AREA["HO"]}, {"count": 5}, "")
q("plan_c", "sv", "Hur många åtgärder finns under Organisering och lagring av information?", F,
  {"area": AREA["OV"]}, {"count": 3}, "area named in Swedish")
q("plan_a", "fi", "Henkilöstön osaamiseen liittyviä toimenpiteitä on kuinka monta?", F,
  {"target": T["HO3"][1]}, {"count": 2}, "target filter, inflected")
q("plan_c", "en", "How many actions does the plan list for the target 'Tiedon kerääminen ja saatavuus'?", F,
  {"target": T["TH1"][1]}, {"count": 2}, "target filter")
q("plan_a", "fi", "Montako toimenpidettä on aikataulutettu lyhyelle aikavälille 2026–2027?", F,
  {"period": "short"}, {"count": 17}, "period filter")
q("plan_c", "sv", "Hur många åtgärder har en tidtabell för den långa perioden 2027–2029?", F,
  {"period": "long"}, {"count": 14}, "period filter")
q("plan_b", "fi", "Kuinka monella toimenpiteellä on pitkän aikavälin (2022–2025) aikataulu?", F,
  {"period": "long"}, {"count": 3}, "period filter, template periods")
q("plan_c", "fi", "Montako toimenpidettä Mikael Holmin vastuulla on?", F, {"person": "Mikael Holm"}, {"count": 4}, "person filter, genitive")
q("plan_a", "fi", "mittarit-osa-alueella toimenpiteitä kpl?", F, {"area": AREA["M"]}, {"count": 3}, "terse")
q("plan_b", "sv", "Hur många åtgärder har Kivikoski under Vision och strategi?", F, {"area": AREA["VS"]}, {"count": 2}, "area named in Swedish")

# ---------------------------------------------------------------- actions_by_person
F = "actions_by_person"
q("plan_a", "fi", "Kenellä on eniten toimenpiteitä vastuullaan?", F, {}, {"items": [SALO], "count": 8}, "")
q("plan_b", "fi", "kuka vastaa useimmista toimenpiteistä?", F, {}, {"items": [RANTALA], "count": 6}, "")
q("plan_c", "sv", "Vem ansvarar för flest åtgärder?", F, {}, {"items": [SJOBERG], "count": 5}, "")
q("plan_a", "en", "Who is responsible for the largest number of actions, and how many?", F, {}, {"items": [SALO], "count": 8}, "")
q("plan_a", "fi", "Mistä toimenpiteistä Jussi Harju vastaa?", F, {"person": "Jussi Harju"}, acts("A11", "A13", "A15"), "")
q("plan_a", "fi", "Mitä tietosuojavastaavan vastuulle on annettu?", F, {"person": "Laura Mäki"}, acts("A7", "A12"),
  "person named by role (Laura Mäki, tietosuojavastaava)")
q("plan_b", "fi", "Minna Ahon vastuulla olevat toimenpiteet?", F, {"person": "Minna Aho"}, acts("B6", "B13"), "genitive of Aho")
q("plan_c", "sv", "Vilka åtgärder ansvarar Eva Lindqvist för?", F, {"person": "Eva Lindqvist"}, acts("C8", "C12", "C16"), "")
q("plan_c", "sv", "Vad har HR-direktören Kristian Nyman ansvar för?", F, {"person": "Kristian Nyman"}, acts("C5", "C6"), "")
q("plan_b", "en", "What is Timo Nieminen in charge of?", F, {"person": "Timo Nieminen"}, acts("B10", "B11"), "")
q("plan_a", "fi", "Onko yksi henkilö vastuussa kohtuuttoman monesta toimenpiteestä? Kuka ja montako?", F, {},
  {"items": [SALO], "count": 8}, "concentration of responsibility")
q("plan_a", "fi", "Listaa kaikki Riikka Salon vastuulla olevat toimenpiteet", F, {"person": "Riikka Salo"},
  acts("A1", "A2", "A4", "A9", "A18", "A19", "A20", "A21"), "")

# ---------------------------------------------------------------- actions_missing_field
F = "actions_missing_field"
q("plan_a", "fi", "Mistä toimenpiteistä puuttuu vastuuhenkilö?", F, {"field": "responsible"}, acts("A17", "A22"), "")
q("plan_b", "fi", "Onko kaikille toimenpiteille nimetty vastuuhenkilö?", F, {"field": "responsible"},
  acts("B3", "B4", "B8", "B14", yes_no="no"), "yes/no")
q("plan_c", "sv", "Vilka åtgärder saknar ansvarsperson?", F, {"field": "responsible"}, acts("C4", "C13", "C15", "C18"), "")
q("plan_b", "en", "Which actions lack a responsible person?", F, {"field": "responsible"}, acts("B3", "B4", "B8", "B14"), "")
q("plan_a", "fi", "Mitkä toimenpiteet on ilman lyhyen aikavälin aikataulua?", F, {"field": "schedule_short"},
  acts("A3", "A13", "A15", "A18", "A22"), "")
q("plan_c", "fi", "Mistä toimenpiteistä puuttuu aikataulu vuosille 2025–2026?", F, {"field": "schedule_short"},
  acts("C2", "C4", "C6", "C8", "C9", "C11", "C13", "C15", "C17", "C18"), "short period named by its years")
q("plan_c", "sv", "Vilka åtgärder saknar tidtabell för den långa perioden?", F, {"field": "schedule_long"},
  acts("C3", "C12", "C14", "C18"), "")
q("plan_a", "fi", "pitkän aikavälin aikataulu puuttuu mistä toimenpiteistä?", F, {"field": "schedule_long"},
  acts("A2", "A4", "A8", "A12", "A19", "A21", "A22"), "")
q("plan_b", "fi", "Mitkä toimenpiteet eivät ulotu pitkälle aikavälille eli niillä ei ole 2022–2025-aikataulua?", F,
  {"field": "schedule_long"}, acts("B1", "B2", "B3", "B4", "B6", "B7", "B8", "B9", "B10", "B12", "B13"), "")
q("plan_a", "fi", "Onko kaikilla toimenpiteillä edes jokin aikataulu?", F, {"field": "schedule_any"},
  acts("A22", yes_no="no"), "schedule_any = neither period filled")
q("plan_b", "en", "Does every action have at least some schedule, short or long term?", F, {"field": "schedule_any"},
  acts(yes_no="yes"), "none missing")
q("plan_c", "sv", "Har alla åtgärder någon tidtabell överhuvudtaget?", F, {"field": "schedule_any"},
  acts("C18", yes_no="no"), "")
q("plan_a", "fi", "Mistä toimenpiteistä puuttuu edellytykset/vaatimukset?", F, {"field": "prerequisites"}, acts("A4", "A10", "A19"), "")
q("plan_c", "fi", "Kuinka monelta toimenpiteeltä puuttuu edellytykset?", F, {"field": "prerequisites"},
  acts("C2", "C4", "C6", "C8", "C10", "C11", "C14", "C16", "C17"), "")
q("plan_b", "sv", "Vilka åtgärder saknar förutsättningar eller krav för genomförandet?", F, {"field": "prerequisites"},
  acts("B2", "B4", "B9", "B12"), "")
q("plan_a", "fi", "Mittarit-osa-alueella, onko kaikilla toimenpiteillä vastuuhenkilö?", F,
  {"field": "responsible", "area": AREA["M"]}, acts("A22", yes_no="no"), "area filter + yes/no")
q("plan_b", "fi", "Hallintorakenteen toimenpiteistä mitkä on ilman vastuuhenkilöä?", F,
  {"field": "responsible", "area": AREA["HO"]}, acts("B3", "B4"), "area filter")
q("plan_c", "sv", "Inom organisering och lagring av information – vilka åtgärder saknar förutsättningar?", F,
  {"field": "prerequisites", "area": AREA["OV"]}, acts("C10", "C11"), "area named in Swedish")
q("plan_a", "en", "In the Tiedon käyttö area, which actions have no prerequisites listed?", F,
  {"field": "prerequisites", "area": AREA["TK"]}, acts("A19"), "")
q("plan_c", "sv", "Har alla åtgärder under Vision och strategi en ansvarsperson?", F,
  {"field": "responsible", "area": AREA["VS"]}, acts(yes_no="yes"), "area filter, yes")
q("plan_b", "fi", "Onko kaikilla toimenpiteillä lyhyen aikavälin aikataulu?", F, {"field": "schedule_short"},
  acts("B14", yes_no="no"), "")
q("plan_c", "fi", "Montako toimenpidettä on ilman nimettyä vastuuhenkilöä? Tarvitsen listan ohjausryhmää varten.", F,
  {"field": "responsible"}, acts("C4", "C13", "C15", "C18"), "Finnish reviewer, Swedish plan")

# ---------------------------------------------------------------- assessment
F = "assessment"
q("plan_a", "fi", "Millä osa-alueella kypsyystaso on matalin?", F, {"metric": "maturity", "order": "lowest"}, ar("OV"), "")
q("plan_a", "fi", "Missä osa-alueessa tyytyväisyys oli korkein arvioinnissa?", F, {"metric": "satisfaction", "order": "highest"},
  ar("HY"), "HYÖDYT is a valid assessment area")
q("plan_a", "en", "Which area scored highest on maturity?", F, {"metric": "maturity", "order": "highest"}, ar("TP"), "")
q("plan_a", "fi", "Mitkä osa-alueet jäivät kypsyydessä alle 2,5:n?", F,
  {"metric": "maturity", "threshold": 2.5, "comparison": "below"}, ar("HO", "OV", "TJ", "M"), "threshold, Finnish decimal comma")
q("plan_a", "fi", "Onko heikon kypsyyden (alle 2,5) osa-alueita, joille ei ole kirjattu toimenpiteitä?", F,
  {"metric": "maturity", "threshold": 2.5, "comparison": "below", "with_actions": False}, ar("TJ"), "threshold + with_actions")
q("plan_a", "sv", "Vilka områden har tillfredsställelse under 2,5?", F,
  {"metric": "satisfaction", "threshold": 2.5, "comparison": "below"}, ar("VS", "HO", "OV", "TK", "M"), "")
q("plan_a", "fi", "kypsyys yli 3 – mitkä osa-alueet?", F,
  {"metric": "maturity", "threshold": 3.0, "comparison": "above"}, ar("TH", "TP"), "terse")
q("plan_a", "fi", "Missä tyytyväisyys on heikointa?", F, {"metric": "satisfaction", "order": "lowest"}, ar("OV"), "")
q("plan_b", "fi", "Mikä osa-alue sai heikoimman kypsyysarvion?", F, {"metric": "maturity", "order": "lowest"},
  {"no_assessment": True}, "plan_b has no assessment")
q("plan_b", "en", "Which areas have satisfaction below 2.5 in the assessment?", F,
  {"metric": "satisfaction", "threshold": 2.5, "comparison": "below"}, {"no_assessment": True}, "")
q("plan_b", "sv", "Vilket område har högst mognadsnivå?", F, {"metric": "maturity", "order": "highest"}, {"no_assessment": True}, "")
q("plan_c", "sv", "Vilket område har lägst mognadsnivå?", F, {"metric": "maturity", "order": "lowest"}, ar("TK"), "")
q("plan_c", "sv", "Vilket område fick högst mognad i bedömningen?", F, {"metric": "maturity", "order": "highest"}, ar("OV"), "")
q("plan_c", "sv", "Vilka områden har mognadsnivå under 2,5 men inga åtgärder?", F,
  {"metric": "maturity", "threshold": 2.5, "comparison": "below", "with_actions": False}, ar("TT", "TK"), "")
q("plan_c", "fi", "Strandlandetin arviossa: missä tyytyväisyys on matalin?", F, {"metric": "satisfaction", "order": "lowest"},
  ar("TK"), "")
q("plan_c", "en", "Which areas have satisfaction above 2.5?", F,
  {"metric": "satisfaction", "threshold": 2.5, "comparison": "above"}, ar("VS", "HO", "OV", "M"), "only 7 areas assessed")
q("plan_c", "fi", "Mitkä alle 2,5 kypsyyden osa-alueet on kuitenkin huomioitu toimenpiteillä?", F,
  {"metric": "maturity", "threshold": 2.5, "comparison": "below", "with_actions": True}, ar("M"), "")
q("plan_c", "fi", "kypsyystaso alle 2,5 - luettele osa-alueet", F,
  {"metric": "maturity", "threshold": 2.5, "comparison": "below"}, ar("TT", "TK", "M"), "")

# ---------------------------------------------------------------- empty_sections
F = "empty_sections"
B_EMPTY = ["alueellisen_yhteistyon_malli", "arvioinnin_tulokset", "hyodyt", "seuranta_ja_arviointi"]
C_EMPTY = ["valmisteluajan_vastuullinen_toimija", "tavoiteltavat_tulokset"]
q("plan_b", "fi", "Mitkä suunnitelman kohdat on jätetty tyhjiksi?", F, {}, {"items": B_EMPTY, "count": 4}, "")
q("plan_a", "fi", "Onko suunnitelmassa tyhjiä osioita?", F, {}, {"items": [], "count": 0, "yes_no": "no"}, "yes/no, none")
q("plan_c", "sv", "Vilka avsnitt i planen är tomma?", F, {}, {"items": C_EMPTY, "count": 2}, "")
q("plan_b", "en", "Are any sections of the plan left blank? Which ones?", F, {}, {"items": B_EMPTY, "count": 4, "yes_no": "yes"}, "")
q("plan_c", "fi", "Puuttuuko suunnitelmasta tekstiä joistain kohdista 3.1–3.5?", F, {},
  {"items": C_EMPTY, "count": 2, "yes_no": "yes"}, "")
q("plan_b", "sv", "Finns det tomma delar i planen?", F, {}, {"items": B_EMPTY, "count": 4, "yes_no": "yes"}, "")
q("plan_b", "fi", "Listaa tyhjät kentät", F, {}, {"items": B_EMPTY, "count": 4}, "terse")
q("plan_a", "en", "Which fields of the plan are still empty?", F, {}, {"items": [], "count": 0}, "none")
q("plan_c", "fi", "onks jotain osioita jätetty tyhjäks?", F, {}, {"items": C_EMPTY, "count": 2, "yes_no": "yes"}, "colloquial")
q("plan_a", "sv", "Finns det tomma fält i planen?", F, {}, {"items": [], "count": 0, "yes_no": "no"}, "")

# ---------------------------------------------------------------- topic_mentioned
F = "topic_mentioned"
DP_A = {"yes_no": "yes", "items": ["kuvaus_suhteessa_nykytilaan", KEYED["A7"], KEYED["A12"]]}
q("plan_a", "fi", "Käsitelläänkö suunnitelmassa tietosuojaa?", F, {"topic": "tietosuoja"}, DP_A, "data protection")
q("plan_b", "fi", "Huomioidaanko tietosuoja tai henkilötietojen käsittely missään kohtaa?", F, {"topic": "tietosuoja"},
  {"yes_no": "no", "items": []}, "data protection absent")
q("plan_c", "sv", "Tas dataskyddet upp i planen, och i så fall var?", F, {"topic": "tietosuoja"},
  {"yes_no": "yes", "items": ["nykytilan_kuvaus", KEYED["C5"]]}, "")
q("plan_b", "en", "Does the plan address data protection or GDPR anywhere?", F, {"topic": "tietosuoja"},
  {"yes_no": "no", "items": []}, "")
q("plan_a", "fi", "Missä kohdin GDPR tai henkilötiedot mainitaan?", F, {"topic": "tietosuoja"}, DP_A, "")
q("plan_c", "fi", "Onko master data mukana suunnitelmassa?", F, {"topic": "master data"},
  {"yes_no": "yes", "items": [KEYED["C10"]]}, "")
q("plan_b", "fi", "Puhutaanko suunnitelmassa master datasta?", F, {"topic": "master data"}, {"yes_no": "no", "items": []}, "")
q("plan_a", "en", "Does the plan mention training for staff?", F, {"topic": "koulutus"},
  {"yes_no": "yes", "items": [KEYED["A6"], KEYED["A7"]]}, "A7 is an online course on data protection")
q("plan_c", "sv", "Nämns utbildning någonstans i planen?", F, {"topic": "koulutus"}, {"yes_no": "yes", "items": [KEYED["C5"]]}, "")
q("plan_a", "fi", "Onko tekoälyä tai koneoppimista mietitty suunnitelmassa?", F, {"topic": "tekoäly"}, {"yes_no": "no", "items": []}, "")
q("plan_a", "fi", "mainitaanko sosiaalihuollon tiedot jossain", F, {"topic": "sosiaalihuolto"},
  {"yes_no": "yes", "items": [KEYED["A11"]]}, "mentioned in the long-term schedule of the action")
q("plan_a", "sv", "Tar planen upp dataskydd?", F, {"topic": "tietosuoja"}, DP_A, "")

# ---------------------------------------------------------------- period_balance
F = "period_balance"
q("plan_b", "fi", "Miten toimenpiteet jakautuvat lyhyen ja pitkän aikavälin välillä?", F, {}, {"short": 13, "long": 3}, "skewed plan")
q("plan_a", "fi", "Painottuuko suunnitelma lyhyelle vai pitkälle aikavälille?", F, {}, {"short": 17, "long": 15}, "")
q("plan_c", "sv", "Hur fördelar sig åtgärderna mellan kort och lång sikt?", F, {}, {"short": 8, "long": 14}, "")
q("plan_b", "en", "Is the plan skewed towards the short term? Give the numbers.", F, {}, {"short": 13, "long": 3}, "")
q("plan_c", "fi", "lyhyt vs pitkä aikaväli – montako kummassakin?", F, {}, {"short": 8, "long": 14}, "")
q("plan_b", "sv", "Hur många åtgärder är planerade på kort respektive lång sikt?", F, {}, {"short": 13, "long": 3}, "")
q("plan_a", "en", "How many actions are scheduled for the short term and how many for the long term?", F, {}, {"short": 17, "long": 15}, "")
q("plan_b", "fi", "onko suunitelmassa tasapaino lyhyen ja pitkän aikavälin toimenpitteiden välillä", F, {}, {"short": 13, "long": 3}, "misspellings")

# ---------------------------------------------------------------- roadmap_alignment
F = "roadmap_alignment"
q("plan_a", "fi", "Miten suunnitelma suhteutuu alueellisen toimeenpanon tiekartan tiedolla johtamisen tehtäviin?", F, {}, {}, "")
q("plan_b", "fi", "Tukeeko suunnitelma tiekartan tehtäviä?", F, {}, {}, "")
q("plan_c", "sv", "Hur förhåller sig planen till färdplanen för det regionala genomförandet?", F, {}, {}, "")
q("plan_a", "en", "How does this plan relate to the government's regional implementation roadmap tasks?", F, {}, {}, "")
q("plan_c", "fi", "Kattaako suunnitelma tiekartan ICT-valmistelun tehtäviä, esim. rekisterinpidon muutoksia?", F, {}, {}, "")
q("plan_a", "fi", "Vertaa suunnitelman toimenpiteitä tiekartan johtamisen ja osaamisen valmisteluryhmän tehtäviin", F, {}, {}, "")
q("plan_b", "sv", "Stämmer planens åtgärder överens med färdplanens uppgifter?", F, {}, {}, "")

# ---------------------------------------------------------------- guidance
F = "guidance"
q("plan_a", "fi", "Mitä mallipohja sanoo tietosuojasta?", F, {}, {"gold": [G_DP]}, "")
q("plan_b", "fi", "Pitääkö kaikkiin osa-alueisiin kirjata toimenpiteitä?", F, {}, {"gold": [G_NOTALL]}, "")
q("plan_a", "en", "According to the template instructions, what must every action include?", F, {}, {"gold": [G_EVERY, G_SCHED]}, "")
q("plan_c", "fi", "Saako kehittämiskohteiden nimiä muokata?", F, {},
  {"gold": [gold(TPL, "Älä poista tai muokkaa kehittämiskohteet-sarakkeen sisältöjä.")]}, "")
q("plan_c", "sv", "Vad säger vägledningen om masterdata?", F, {},
  {"gold": [gold(SOITE, "Tietojohtaminen ja sen kehittäminen edellyttää luotettavaa tietoperustaa eli master-datan hallintaa."),
            gold(TPL, "Maakunnallisesti yhteisen Master datan hallinta")]}, "")
q("plan_a", "fi", "Mihin kehittämissuunnitelman rakenne pohjautuu?", F, {},
  {"gold": [gold(NEWS, "Tietojohtamisen kehittämissuunnitelmamallin sisältö noudattaa tietojohtamisen kypsyystason arviointimallin rakennetta ja sisältöä."),
            gold(TPL, "Tietojohtamisen kehittämissuunnitelman (ks. luku 3) rakenne noudattaa tietojohtamisen arviointimallin viitekehystä.")]}, "")
q("plan_a", "fi", "mitä kypsyystason arviointikysely kartoittaa", F, {},
  {"gold": [gold(NEWS, "Kysymyksillä kartoitetaan tietojohtamisen nykytilaa ja vastaajien tyytyväisyyttä siihen.")]}, "")
q("plan_b", "en", "What are the short-term and long-term periods in the original 2020 template?", F, {},
  {"gold": [gold(TPL, "lyhyellä (vuoden 2021 loppuun saakka) ja pitkällä (vuoden 2025 loppuun saakka) aikavälillä")]}, "")
q("plan_b", "fi", "Mitä maakuntakierroksella havaittiin resursseista?", F, {},
  {"gold": [gold(BLOG, "resurssien rajallisuus haittaa tietojohtamisen toimintojen suunnittelua")]}, "")
q("plan_a", "fi", "Monessako maakunnassa tietojohtamisen maakuntakierros kävi?", F, {},
  {"gold": [gold(BLOG, "vierailivat syksyn 2018 aikana kaikissa 18 maakunnassa")]}, "")
q("plan_c", "sv", "När övergår organiseringsansvaret till välfärdsområdena enligt färdplanen?", F, {},
  {"gold": [gold(ROAD, "Järjestämisvastuu siirtyy hyvinvointialueille 1.1.2023")]}, "")
q("plan_c", "fi", "Miten tiekartan osatehtävät on luokiteltu?", F, {},
  {"gold": [gold(ROAD, "Osatehtävät on luokiteltu kriittisiin ja ei-kriittisiin.")]}, "")
q("plan_a", "en", "How did Soite use the knowledge-management assessment model?", F, {},
  {"gold": [gold(SOITE, "Elokuussa 2019 Soiten ylimmälle johdolle teetettiin suppea 40 kysymyksen versio VN TEAS 2019:42 arviointimallista")]}, "")
q("plan_c", "sv", "Vilka beredningsgrupper är färdplanen uppbyggd kring?", F, {},
  {"gold": [gold(ROAD, "Hallinto, talous ja tukipalvelut, Johtaminen ja osaaminen, Palveluiden järjestäminen, Yhdyspinnat ja ICT-valmistelu")]}, "")
q("plan_b", "fi", "Mitä tiekartassa sanotaan rekisterinpitäjyyden muutoksista?", F, {},
  {"gold": [gold(ROAD, "APTJ rekisterinpitäjyyden muutokset, myös opiskeluhuollon osalta"),
            gold(ROAD, "2.3. Rekisterinpidon muutosten selvittäminen")]}, "")
q("plan_a", "fi", "Mitä riskianalyysin avulla pitäis ohjeen mukaan tunnistaa?", F, {},
  {"gold": [gold(TPL, "Riskianalyysin avulla rekisterinpitäjä tunnistaa jo suunnitteluvaiheessa ne toimenpiteet")]}, "colloquial 'pitäis'")
q("plan_c", "sv", "Vad ska avsnitt 3.5 innehålla enligt mallen?", F, {},
  {"gold": [gold(TPL, "Kuinka sote-maakunta hyödyntää täysimääräisesti tietojohtamisessa käytössään olevaa kyvykkyyttä?"), G_35]}, "")
q("plan_a", "en", "Which example action does the template give for the target Tiedon integraatio?", F, {},
  {"gold": [gold(TPL, "varmistamme, että tieto on yhteen toimivaa maakunnan alueella")]}, "")
q("plan_b", "fi", "Mitä mallipohjassa sanotaan kansalisista koodistoista?", F, {},
  {"gold": [gold(TPL, "Kansallisten koodistopalvelujen tai vastaavien hyödyntäminen (THL, YTI)")]}, "misspelling 'kansalisista'")
q("plan_c", "fi", "Miten Soite aikoo seurata tietojohtamisen kypsyyden kehittymistä?", F, {},
  {"gold": [gold(SOITE, "Tietojohtamisen kypsyystilan ja koetun tyytyväisyyden kehittymistä tarkastellaan vuosittaisilla seurantakyselyillä")]}, "")

# ---------------------------------------------------------------- mixed
F = "mixed"
q("plan_b", "fi", "Noudattaako suunnitelma mallipohjan ohjetta, että jokaisella toimenpiteellä on vastuuhenkilö?", F,
  {"plan_facet": "actions_missing_field", "field": "responsible"},
  {**acts("B3", "B4", "B8", "B14", yes_no="no"), "gold": [G_EVERY]}, "plan part: missing responsible")
q("plan_c", "sv", "Mallen kräver att varje åtgärd har förutsättningar/krav – uppfyller planen det?", F,
  {"plan_facet": "actions_missing_field", "field": "prerequisites"},
  {**acts("C2", "C4", "C6", "C8", "C10", "C11", "C14", "C16", "C17", yes_no="no"), "gold": [G_EVERY]}, "")
q("plan_a", "en", "The template says data protection is a cross-cutting theme of the whole plan. Does this plan treat it that way, and where?", F,
  {"plan_facet": "topic_mentioned", "topic": "tietosuoja"}, {**DP_A, "gold": [G_DP]}, "")
q("plan_b", "fi", "Ohjeen mukaan tietosuoja on läpileikkaava teema. Onko se huomioitu tässä suunnitelmassa?", F,
  {"plan_facet": "topic_mentioned", "topic": "tietosuoja"}, {"yes_no": "no", "items": [], "gold": [G_DP]}, "")
q("plan_a", "fi", "Pohjan mukaan kaikkia osa-alueita ei tarvitse täyttää. Mitkä osa-alueet tässä suunnitelmassa on jätetty ilman toimenpiteitä?", F,
  {"plan_facet": "areas_without_actions"}, {**ar("TJ"), "gold": [G_NOTALL]}, "")
q("plan_a", "fi", "Mallipohjan mukaan kehittämiskohteet priorisoidaan kypsyystasoarvion pohjalta. Mikä osa-alue sai matalimman kypsyyden?", F,
  {"plan_facet": "assessment", "metric": "maturity", "order": "lowest"}, {**ar("OV"), "gold": [G_BASE]}, "")
q("plan_b", "fi", "Mallipohja edellyttää kypsyystason arviota kehittämisen pohjaksi – mikä osa-alue oli Kivikosken arviossa heikoin?", F,
  {"plan_facet": "assessment", "metric": "maturity", "order": "lowest"}, {"no_assessment": True, "gold": [G_BASE]}, "no assessment done")
q("plan_c", "sv", "Enligt mallen ska varje åtgärd ha en tidtabell. Har alla åtgärder någon tidtabell?", F,
  {"plan_facet": "actions_missing_field", "field": "schedule_any"}, {**acts("C18", yes_no="no"), "gold": [G_EVERY]}, "")
q("plan_b", "en", "The template asks section 3.5 to describe how the plan's implementation is followed up. Are there sections left empty in this plan?", F,
  {"plan_facet": "empty_sections"}, {"items": B_EMPTY, "count": 4, "yes_no": "yes", "gold": [G_35]}, "")
q("plan_a", "fi", "Mallipohjan mukaan jokaiselle toimenpiteelle määritetään toteutusaikataulu. Mitkä Järvilaakson toimenpiteet ovat ilman pitkän aikavälin aikataulua?", F,
  {"plan_facet": "actions_missing_field", "field": "schedule_long"},
  {**acts("A2", "A4", "A8", "A12", "A19", "A21", "A22"), "gold": [G_SCHED]}, "")

# ---------------------------------------------------------------- unanswerable
F = "unanswerable"
q("plan_a", "fi", "Mikä on suunnitelman kokonaisbudjetti euroina?", F, {}, {}, "no total budget anywhere")
q("plan_a", "fi", "Kuka on Järvilaakson aluevaltuuston puheenjohtaja?", F, {}, {}, "")
q("plan_b", "en", "How many employees does the Kivikoski social and health district have?", F, {}, {}, "")
q("plan_c", "sv", "Vilket rapporteringsverktyg, till exempel Power BI eller Qlik, har Strandlandet valt?", F, {}, {}, "")
q("plan_c", "fi", "Onko Strandlandetin suunnitelma jo hyväksytty aluehallituksessa?", F, {}, {}, "")
q("plan_b", "fi", "Kuka valittiin Kivikosken tietovaraston toimittajaksi?", F, {}, {}, "")
q("plan_a", "fi", "Mitkä ovat arviointimallin kyselyn viralliset väittämät?", F, {}, {}, "statements are not in the corpus (PRODUCT.md)")
q("plan_b", "sv", "Hur mycket statsunderstöd fick Kivikoski för utvecklingsarbetet?", F, {}, {}, "")
q("plan_a", "fi", "Milloin Riikka Salo aloitti nykyisessä tehtävässään?", F, {}, {}, "")
q("plan_c", "en", "How many residents live in Strandlandet?", F, {}, {}, "")
q("plan_a", "fi", "Paljonko Järvilaakson hyvinvointialueen alijäämä oli vuonna 2025?", F, {}, {}, "")
q("plan_a", "fi", "Mikä on arviointikyselyn virallinen vastausasteikko, 1–5 vai 1–7?", F, {}, {}, "answer scale not in the corpus (PRODUCT.md)")
q("plan_c", "sv", "Vilka av Strandlandets kommuner har tackat nej till att delta i nätverket?", F, {}, {}, "")

# Rewrites applied after drafting: reviewer-style misspellings (~15 %) and a few English
# drafts turned into Finnish to get ~60/25/15 fi/sv/en. old question -> (new question, lang or None, note)
REWRITE = {
    "How many actions are in the plan?": ("Paljonko toimenpitetiä on yhteensä?", "fi", "misspelling 'toimenpitetiä'"),
    "List the development areas that the plan leaves completely empty.": ("Luettele osa-alueet, jotka suunnitelma jättää täysin tyhjiksi.", "fi", ""),
    "How many areas does the action table actually cover?": ("Kuinka montaa osa-aluetta toimenpidetaulukko oikeesti kattaa?", "fi", "colloquial 'oikeesti'"),
    "What is Timo Nieminen in charge of?": ("Mitä Timo Niemisen vastuulle kuuluu?", "fi", "genitive of Nieminen"),
    "Does the plan mention training for staff?": ("Mainitaanko suunnitelmassa henkilöstön koulutusta?", "fi", ""),
    "Mistä toimenpiteistä puuttuu vastuuhenkilö?": ("Mistä toimenpiteistä puuttu vastuuhenkilö?", None, "misspelling 'puuttu'"),
    "Millä osa-alueella kypsyystaso on matalin?": ("Millä osa-alueella kypsyystso on matalin?", None, "misspelling 'kypsyystso'"),
    "Kenellä on eniten toimenpiteitä vastuullaan?": ("Kenellä on eniten tomenpiteitä vastuullaan?", None, "misspelling 'tomenpiteitä'"),
    "Vilka åtgärder saknar ansvarsperson?": ("Vilka åtgärder saknar ansvarsperon?", None, "misspelling 'ansvarsperon'"),
    "Vem ansvarar för flest åtgärder?": ("Vem ansvarar för flest åtgärdar?", None, "misspelling 'åtgärdar'"),
    "Vilket område har lägst mognadsnivå?": ("Vilket område har lägts mognadsnivå?", None, "misspelling 'lägts'"),
    "Hur många åtgärder innehåller planen totalt?": ("Hur många åtgerder innehåller planen totalt?", None, "misspelling 'åtgerder'"),
    "Which development targets have no actions at all?": ("Which developmnet targets have no actions at all?", None, "misspelling 'developmnet'"),
    "Which area scored highest on maturity?": ("Which area scored highest on maturty?", None, "misspelling 'maturty'"),
    "Käsitelläänkö suunnitelmassa tietosuojaa?": ("Käsitelläänkö suunnitelmasa tietosuojaa?", None, "misspelling 'suunnitelmasa'"),
    "Mitkä suunnitelman kohdat on jätetty tyhjiksi?": ("Mitkä suunnitelman kohdat on jätetty tyhjäksi?", None, "misspelling 'tyhjäksi'"),
    "Montako toimenpidettä suunnitelmassa on yhteensä?": ("Montako toimenpidettä suunitelmassa on yhteensä?", None, "misspelling 'suunitelmassa'"),
    "Mitä mallipohja sanoo tietosuojasta?": ("Mitä malipohja sanoo tietosuojasta?", None, "misspelling 'malipohja'"),
    "Mistä toimenpiteistä Jussi Harju vastaa?": ("Mistä toimenpiteista Jussi Harju vastaa?", None, "missing umlaut 'toimenpiteista'"),
    "Mitkä toimenpiteet on ilman lyhyen aikavälin aikataulua?": ("Mitkä toimenpiteet on ilman lyhyen aikavalin aikataulua?", None, "missing umlaut 'aikavalin'"),
    "Miten toimenpiteet jakautuvat lyhyen ja pitkän aikavälin välillä?": ("Miten toimenpiteet jakautuu lyhyen ja pitkän aikavälin valilla?", None, "colloquial + missing umlaut"),
    "Mitkä arviointimallin osa-alueet ovat ilman toimenpiteitä?": ("Mitkä arvioitimallin osa-alueet ovat ilman toimenpiteitä?", None, "misspelling 'arvioitimallin'"),
    "Saako kehittämiskohteiden nimiä muokata?": ("Saako kehittämiskohtieden nimiä muokata?", None, "misspelling 'kehittämiskohtieden'"),
    "Miten tiekartan osatehtävät on luokiteltu?": ("Miten tiekartan osatehtävät on luokitelty?", None, "misspelling 'luokitelty'"),
    "Tukeeko suunnitelma tiekartan tehtäviä?": ("Tukeeko suunnitelma tiekartn tehtäviä?", None, "misspelling 'tiekartn'"),
}


def main():
    seen = set()
    for item in Q:
        if item["question"] in REWRITE:
            new, lang, note = REWRITE[item["question"]]
            seen.add(item["question"])
            item["question"] = new
            if lang:
                item["lang"] = lang
            if note:
                item["note"] = "; ".join(x for x in (item["note"], note) if x)
    assert seen == set(REWRITE), set(REWRITE) - seen
    for i, item in enumerate(Q, 1):
        item["id"] = f"q{i:03d}"
    ordered = [{"id": x["id"], "plan": x["plan"], "lang": x["lang"], "question": x["question"],
                "expected": x["expected"], "note": x["note"]} for x in Q]
    # stratified split, seed 12
    rng = random.Random(12)
    strata = defaultdict(list)
    for x in ordered:
        strata[(x["lang"], x["expected"]["facet"])].append(x)
    dev, test = [], []
    for key in sorted(strata):
        items = list(strata[key])
        rng.shuffle(items)
        half = len(items) // 2
        if len(items) % 2 and rng.random() < 0.5:
            half += 1
        dev += items[:half]
        test += items[half:]
    dev.sort(key=lambda x: x["id"])
    test.sort(key=lambda x: x["id"])
    head = ("# Reviewer questions about knowledge-management development plans (plans in plans.yaml).\n"
            "# Written BLIND from /work/shared/PRODUCT.md, the corpus (/work/shared/corpus) and the facet list\n"
            "# of the brief; answers computed by hand and verified by check.py.\n"
            "# Split: random.Random(12), stratified by (lang, facet), ~50/50. {what}\n")
    dump = lambda path, items, what: _dump(path, head.format(what=what), items)
    dump("questions.yaml", ordered, "This file = all questions (dev + test).")
    dump("dev.yaml", dev, "This file = dev split (may be used for tuning).")
    dump("test.yaml", test, "This file = test split: NEVER use for tuning.")
    print(len(ordered), "questions;", len(dev), "dev;", len(test), "test")


def _dump(path, header, items):
    class NoAlias(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        yaml.dump({"questions": items}, f, Dumper=NoAlias, allow_unicode=True, sort_keys=False, width=10000)


if __name__ == "__main__":
    main()
