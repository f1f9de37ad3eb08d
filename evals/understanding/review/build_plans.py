"""Writes plans.yaml: three fictional plans written blind (PRODUCT.md + corpus only).

Action keys (A1.., B1.., C1..) are only used by build_questions.py to refer to
actions by hand; they are NOT written into plans.yaml.
"""
import yaml

T = {
    "VS1": ("VISIO JA STRATEGIA", "Tietojohtamisen strategia ja tavoitteet"),
    "VS2": ("VISIO JA STRATEGIA", "Tietojohtamisen yhteys koko organisaation strategiaan"),
    "VS3": ("VISIO JA STRATEGIA", "Tietojohtamisen laajuus ja merkitys"),
    "VS4": ("VISIO JA STRATEGIA", "Systemaattinen lähestymistapa tietojohtamisen kehittämiseen"),
    "HO1": ("HALLINTORAKENNE JA ORGANISOINTI", "Ylimmän johdon tuki"),
    "HO2": ("HALLINTORAKENNE JA ORGANISOINTI", "Työntekijöiden sitoutuminen"),
    "HO3": ("HALLINTORAKENNE JA ORGANISOINTI", "Henkilöstön osaaminen"),
    "HO4": ("HALLINTORAKENNE JA ORGANISOINTI", "Resurssit"),
    "TT1": ("TIETOTARPEET", "Tietotarpeiden tunnistaminen"),
    "TT2": ("TIETOTARPEET", "Tietotarpeiden ymmärtäminen"),
    "TH1": ("TIEDON HANKINTA", "Tiedon kerääminen ja saatavuus"),
    "OV1": ("TIEDON ORGANISOINTI JA VARASTOINTI", "Kokonaisarkkitehtuuri"),
    "OV2": ("TIEDON ORGANISOINTI JA VARASTOINTI", "Tiedon säilyttäminen tietojärjestelmissä"),
    "OV3": ("TIEDON ORGANISOINTI JA VARASTOINTI", "Tiedon integraatio"),
    "TP1": ("TIETOTUOTTEET JA PALVELUT", "Käytössä olevien tietotuotteiden muoto"),
    "TP2": ("TIETOTUOTTEET JA PALVELUT", "Tietojärjestelmien tuki raportointiin ja analyysiin"),
    "TJ1": ("TIEDON JAKAMINEN", "Tiedon kommunikointi"),
    "TJ2": ("TIEDON JAKAMINEN", "Tiedon jakamisen reaaliaikaisuus"),
    "TK1": ("TIEDON KÄYTTÖ", "Suorituskyvyn johtamisen prosessi"),
    "TK2": ("TIEDON KÄYTTÖ", "Tiedon käyttö päätöksenteossa"),
    "TK3": ("TIEDON KÄYTTÖ", "Tiedon käyttö resurssien allokoinnissa"),
    "M1": ("MITTARIT", "Mittareiden ja strategian välinen yhteys"),
    "M2": ("MITTARIT", "Mittareiden kattavuus"),
    "M3": ("MITTARIT", "Mittaustiedon laatu ja luotettavuus"),
}

SALO = "Riikka Salo, tietojohtamisen kehittämispäällikkö"
HARJU = "Jussi Harju, tietohallintojohtaja"
LEHTINEN = "Anna Lehtinen, analytiikkapäällikkö"
PELTONEN = "Markku Peltonen, hyvinvointialuejohtaja"
KOIVISTO = "Sari Koivisto, henkilöstöjohtaja"
MAKI = "Laura Mäki, tietosuojavastaava"

RANTALA = "Pekka Rantala, kehitysjohtaja"
AHO = "Minna Aho, talousjohtaja"
NIEMINEN = "Timo Nieminen, ICT-päällikkö"

SJOBERG = "Johanna Sjöberg, utvecklingschef för kunskapsledning"
HOLM = "Mikael Holm, dataarkitekt"
LINDQVIST = "Eva Lindqvist, ekonomidirektör"
NYMAN = "Kristian Nyman, HR-direktör"

# key, target, text, short, long, responsible, prerequisites
ACTIONS_A = [
    ("A1", "VS1", "Laadimme hyvinvointialueen tietojohtamisen strategian ja kytkemme sen hyvinvointialuestrategiaan.",
     "Strategialuonnos 2026, hyväksyntä aluehallituksessa 2027", "Strategian päivitys 2029", SALO,
     "Aluehallituksen päätös, strategiatyöryhmän resursointi (0,5 htv)"),
    ("A2", "VS1", "Määrittelemme tietojohtamisen yhteiset tavoitteet ja niiden seurannan toimialoittain.",
     "Tavoitteet määritelty 2027", None, SALO, "Toimialajohtajien sitoutuminen"),
    ("A3", "VS2", "Kytkemme tietojohtamisen tavoitteet osaksi hyvinvointialueen talousarviota ja toimintasuunnitelmaa.",
     None, "Talousarviosta 2028 alkaen", PELTONEN, "Talousarvioprosessin aikataulu ja aluevaltuuston hyväksyntä"),
    ("A4", "VS4", "Nimeämme tietojohtamisen vastuuhenkilöt jokaiselle toimialalle ja kuvaamme heidän roolinsa.",
     "Nimeäminen 2026", None, SALO, None),
    ("A5", "HO1", "Ylin johto käsittelee tietojohtamisen kehittämisen tilannekuvan johtoryhmässä neljännesvuosittain.",
     "2026–2027 neljännesvuosittain", "Vakiintunut käytäntö 2028–2030", PELTONEN,
     "Johtoryhmän kokousrytmi, tilannekuvan valmistelu analytiikkayksikössä"),
    ("A6", "HO3", "Järjestämme esihenkilöille tietojohtamisen ja raporttien käytön koulutusohjelman.",
     "Pilotti 2026, laajennus kaikille esihenkilöille 2027", "Koulutus osaksi esihenkilöiden perehdytystä 2028", KOIVISTO,
     "Koulutusbudjetti 40 000 € vuodessa"),
    ("A7", "HO3", "Lisäämme henkilöstön tietosuojaosaamista henkilötietojen käsittelyssä raportoinnin ja analytiikan yhteydessä.",
     "Verkkokurssi kaikille raportoijille 2026", "Vuosittainen kertaus 2028–2030", MAKI,
     "Verkkokurssialusta ja kurssin suorittamisen seuranta"),
    ("A8", "HO4", "Vahvistamme omaa analytiikkaresurssia rekrytoimalla kaksi data-analyytikkoa ulkoistetun työpanoksen sijaan.",
     "Rekrytoinnit 2026", None, KOIVISTO, "Henkilöstösuunnitelman hyväksyntä ja palkkabudjetti"),
    ("A9", "TT1", "Tunnistamme ja dokumentoimme poliittisen päätöksenteon, johdon ja palvelualueiden tietotarpeet.",
     "Työpajat 2026", "Tietotarpeiden päivitys 2029", SALO,
     "Työpajoihin osallistuvat luottamushenkilöt ja johtajat"),
    ("A10", "TT2", "Kokoamme tietotarpeet yhteiseen tietotarvekatalogiin ja varmistamme yhtenevän ymmärryksen käsitteistä.",
     "Katalogin ensimmäinen versio 2027", "Katalogin ylläpito 2028–2030", LEHTINEN, None),
    ("A11", "TH1", "Automatisoimme tiedonkeruun asiakas- ja potilastietojärjestelmistä tietoaltaaseen.",
     "Tiedonkeruun automatisointi 2026–2027", "Sosiaalihuollon tietojen lisääminen tietoaltaaseen 2028", HARJU,
     "Rajapintojen avaaminen järjestelmätoimittajien kanssa, ICT-investointi"),
    ("A12", "TH1", "Teemme tietoaltaan henkilötietojen käsittelystä tietosuojan vaikutustenarvioinnin (DPIA).",
     "Vaikutustenarviointi valmis 2026", None, MAKI, "Rekisterinpitäjän päätös käsittelyn tarkoituksista"),
    ("A13", "OV1", "Kuvaamme hyvinvointialueen kokonaisarkkitehtuurin ja sen kytkeytymisen kansalliseen kokonaisarkkitehtuuriin.",
     None, "Arkkitehtuurikuvaus 2028–2029", HARJU, "Arkkitehtuuriosaaminen ja kansalliset arkkitehtuurimääritykset"),
    ("A14", "OV2", "Otamme käyttöön alueellisesti yhteisen master datan hallinnan organisaatio- ja kustannuspaikkatiedoille.",
     "Organisaatiotietojen master data 2027", "Laajennus muihin ydintietoihin 2028", LEHTINEN,
     "Organisaatiokoodistojen yhtenäistäminen eri järjestelmissä"),
    ("A15", "OV3", "Varmistamme tietojen yhteentoimivuuden hyödyntämällä kansallisia koodistoja (THL, YTI).",
     None, "Koodistojen käyttöönotto 2028–2030", HARJU, "Kansallisten koodistojen saatavuus"),
    ("A16", "TP1", "Otamme käyttöön johdon työpöydän, joka kokoaa talouden, henkilöstön ja toiminnan tunnusluvut.",
     "Ensimmäinen versio 2026", "Laajennus palvelualueille 2028", LEHTINEN, "Raportointialustan lisenssit"),
    ("A17", "TP2", "Hankimme organisaation tietosisällöt kattavan raportointi- ja analytiikkajärjestelmän.",
     "Hankinta 2027", "Käyttöönotto 2028", None, "Investointi noin 300 000 €"),
    ("A18", "TK1", "Valmistelemme talousarvion ja ennusteet tietojohtamisen järjestelmien tuella.",
     None, "Talousarvio 2029 valmistellaan järjestelmän tuella", SALO, "Johdon työpöytä käytössä"),
    ("A19", "TK2", "Määrittelemme eri päätöksentekijöille tarjottavat tietosisällöt ja raportointiajankohdat.",
     "Määrittely 2027", None, SALO, None),
    ("A20", "M1", "Määrittelemme strategiamittarit, joilla seurataan hyvinvointialuestrategian toteutumista kansalliset indikaattorit huomioiden.",
     "Mittaristo 2026", "Mittariston päivitys 2029", SALO, "Strategia hyväksytty"),
    ("A21", "M2", "Karsimme päällekkäiset ja tarpeettomat mittarit ja määrittelemme keskeiset mittarit eri organisaatiotasoille.",
     "Mittarikarsinta 2027", None, SALO, "Mittaristoinventaario"),
    ("A22", "M3", "Laadimme mittaritiedon laatukriteerit ja avaamme henkilöstölle, mistä mittaritieto muodostuu.",
     None, None, None, "Tiedon laadun omistajat nimetty"),
]

ACTIONS_B = [
    ("B1", "VS1", "Laadimme tietojohtamisen strategian osana sote-maakunnan valmistelua.",
     "2020", None, RANTALA, "Valmistelutoimielimen hyväksyntä"),
    ("B2", "VS4", "Perustamme tietojohtamisen ohjausryhmän ja nimeämme sille puheenjohtajan.",
     "Syksy 2020", None, RANTALA, None),
    ("B3", "HO1", "Johtoryhmä päättää tietojohtamisen kehittämisen resursoinnista ja linjaa kehittämisen painopisteet.",
     "2020–2021", None, None, "Valtionavustuspäätös"),
    ("B4", "HO2", "Järjestämme henkilöstölle työpajoja siitä, mitä tietojohtaminen tarkoittaa arkityössä.",
     "2021", None, None, None),
    ("B5", "HO3", "Koulutamme esihenkilöt raporttien lukemiseen ja tulkintaan.",
     "2021", "2022–2023 uudet esihenkilöt", RANTALA, "Koulutusmääräraha"),
    ("B6", "HO4", "Määritämme resurssit tiedon keruuseen, käsittelyyn ja hyödyntämiseen.",
     "2020", None, AHO, "Hankerahoitus"),
    ("B7", "HO4", "Palkkaamme hankkeeseen tietojohtamisen asiantuntijan.",
     "2020", None, RANTALA, "Valtionavustus"),
    ("B8", "TT1", "Tunnistamme järjestäjän tietotarpeet haastattelemalla palvelualueiden johtajia.",
     "2020–2021", None, None, "Haastatteluihin varattu työaika"),
    ("B9", "TT2", "Kuvaamme tietotarpeet yhteiseen dokumenttiin ja käsittelemme sen ohjausryhmässä.",
     "2021", None, RANTALA, None),
    ("B10", "OV1", "Kuvaamme nykyisten tietojärjestelmien arkkitehtuurin.",
     "2021", None, NIEMINEN, "Arkkitehtuurikonsultin hankinta"),
    ("B11", "OV2", "Selvitämme yhteisen tietovaraston hankinnan vaihtoehdot.",
     "2021", "Hankinta 2022", NIEMINEN, "ICT-investointimääräraha"),
    ("B12", "TJ1", "Kuvaamme toimintamallin raportoitavan tiedon jakamiseen kuntiin ja luottamushenkilöille.",
     "2021", None, RANTALA, None),
    ("B13", "TK1", "Otamme kuukausiraportoinnin osaksi talouden seurantaa.",
     "2020", None, AHO, "Kirjanpitojärjestelmän raporttipohjat"),
    ("B14", "TK3", "Kohdennamme resursseja palveluihin tietojohtamisen järjestelmien tuella.",
     None, "2023–2025", None, "Tietovarasto käytössä"),
]

ACTIONS_C = [
    ("C1", "VS1", "Vi utarbetar en strategi för kunskapsledning som en del av välfärdsområdets strategi.",
     "Utkast 2025, godkänd 2026", "Uppdatering 2029", SJOBERG, "Beslut i områdesstyrelsen"),
    ("C2", "VS3", "Vi säkerställer att kunskapsledning genomförs på alla nivåer i organisationen.",
     None, "2027–2029", SJOBERG, None),
    ("C3", "VS4", "Vi utser ansvarspersoner för kunskapsledning inom varje sektor.",
     "2025", None, SJOBERG, "Chefernas medverkan"),
    ("C4", "HO1", "Högsta ledningen fattar beslut om resurser och prioriteringar för kunskapsledningen.",
     None, "2027", None, None),
    ("C5", "HO3", "Vi ordnar utbildning i kunskapsledning och dataskydd för chefer och analytiker.",
     "2026", "Årligen 2027–2029", NYMAN, "Utbildningsbudget"),
    ("C6", "HO4", "Vi stärker den egna analyskapaciteten i stället för köpta tjänster.",
     None, "2028", NYMAN, None),
    ("C7", "TH1", "Vi automatiserar datainsamlingen från klient- och patientdatasystemen till datasjön.",
     "2026", "2027–2028", HOLM, "Gränssnitt från systemleverantörerna"),
    ("C8", "TH1", "Vi beskriver hur data samlas in och förbättrar kvaliteten på ekonomidata.",
     None, "2027", LINDQVIST, None),
    ("C9", "OV1", "Vi beskriver välfärdsområdets helhetsarkitektur och dess koppling till den nationella arkitekturen.",
     None, "2027–2028", HOLM, "Arkitekturkompetens"),
    ("C10", "OV2", "Vi inför gemensam hantering av masterdata för organisations- och kostnadsställedata.",
     "2026", "2027", HOLM, None),
    ("C11", "OV3", "Vi säkerställer interoperabilitet genom nationella kodverk (THL, YTI).",
     None, "2028–2029", HOLM, None),
    ("C12", "TP1", "Vi tar i bruk en ledningspanel för ekonomi, personal och verksamhet.",
     "2025–2026", None, LINDQVIST, "Licenser för rapporteringsplattformen"),
    ("C13", "TP2", "Vi upphandlar ett rapporterings- och analyssystem som täcker hela organisationen.",
     None, "2027–2029", None, "Investering ca 250 000 €"),
    ("C14", "TJ1", "Vi beskriver en modell för att dela rapporterad information med kommunerna och serviceproducenterna.",
     "2026", None, SJOBERG, None),
    ("C15", "TJ2", "Vi gör rapporterna dagsaktuella genom automatiska nattliga uppdateringar.",
     None, "2028", None, "Automatiserad datainsamling"),
    ("C16", "M1", "Vi definierar strategimätare med beaktande av nationella indikatorer.",
     "2026", "2029", LINDQVIST, None),
    ("C17", "M2", "Vi gallrar bort överlappande mätare.",
     None, "2027", SJOBERG, None),
    ("C18", "M3", "Vi utarbetar kvalitetskriterier för mätdata och en rutin för kvalitetskontroll.",
     None, None, None, "Dataägare utsedda"),
]

AREAS10 = ["VISIO JA STRATEGIA", "HALLINTORAKENNE JA ORGANISOINTI", "TIETOTARPEET", "TIEDON HANKINTA",
           "TIEDON ORGANISOINTI JA VARASTOINTI", "TIETOTUOTTEET JA PALVELUT", "TIEDON JAKAMINEN",
           "TIEDON KÄYTTÖ", "MITTARIT", "HYÖDYT"]

ASSESS_A = [
    ("VISIO JA STRATEGIA", 2.6, 2.3),
    ("HALLINTORAKENNE JA ORGANISOINTI", 2.2, 2.0),
    ("TIETOTARPEET", 2.9, 2.7),
    ("TIEDON HANKINTA", 3.1, 2.8),
    ("TIEDON ORGANISOINTI JA VARASTOINTI", 2.0, 1.8),
    ("TIETOTUOTTEET JA PALVELUT", 3.4, 3.0),
    ("TIEDON JAKAMINEN", 2.3, 2.6),
    ("TIEDON KÄYTTÖ", 2.7, 2.4),
    ("MITTARIT", 2.4, 2.2),
    ("HYÖDYT", 2.8, 3.2),
]
ASSESS_C = [
    ("VISIO JA STRATEGIA", 3.2, 2.9),
    ("HALLINTORAKENNE JA ORGANISOINTI", 2.8, 2.6),
    ("TIETOTARPEET", 2.1, 2.3),
    ("TIEDON ORGANISOINTI JA VARASTOINTI", 3.5, 3.3),
    ("TIETOTUOTTEET JA PALVELUT", 2.7, 2.2),
    ("TIEDON KÄYTTÖ", 1.9, 2.1),
    ("MITTARIT", 2.4, 2.8),
]

SECTIONS_A = {
    "sote_maakunta": "Järvilaakson hyvinvointialue",
    "jarjestamisvastuulliset_organisaatiot": "Järvilaakson hyvinvointialue (sosiaali- ja terveydenhuolto sekä pelastustoimi); yhteistyössä alueen 11 kunnan kanssa yhdyspintapalveluissa.",
    "valmisteluajan_vastuullinen_toimija": "Järvilaakson hyvinvointialueen konsernipalvelut, tietojohtamisen yksikkö.",
    "alueellisen_yhteistyon_malli": "Tietojohtamisen verkosto, jossa on edustaja jokaiselta toimialalta, pelastuslaitokselta ja alueen kunnista. Verkosto kokoontuu kuukausittain ja raportoi johtoryhmälle.",
    "nykytilan_kuvaus": "Raportointi perustuu vielä osin entisten kuntayhtymien erillisiin järjestelmiin. Tietoallas on rakenteilla, ja talouden ja henkilöstön raportit on koottu yhteiselle raportointialustalle. Analytiikkayksikössä työskentelee viisi henkilöä.",
    "arviointi_toteutettu": "kyllä",
    "arvioinnin_tulokset": "Arviointimallin kysely tehtiin keväällä 2025 johdolle sekä talouden ja ICT:n asiantuntijoille (124 vastaajaa). Heikoimmiksi arvioitiin tiedon organisointi ja varastointi sekä hallintorakenne ja organisointi. Parhaat tulokset saivat tietotuotteet ja palvelut sekä tiedon hankinta.",
    "arvioinnin_suunnitelma": "Arviointi toistetaan samalla kyselyllä vuonna 2027 ja vuonna 2030, jotta kehitystä voidaan verrata lähtötasoon.",
    "kuvaus_suhteessa_nykytilaan": "Tavoitteena on siirtyä hajanaisesta raportoinnista yhteiseen tietopohjaan ja vahvistaa tiedon organisointia. Tietosuoja huomioidaan läpileikkaavasti kaikissa toimenpiteissä.",
    "tavoiteltavat_tulokset": "Vuoteen 2030 mennessä kaikki toimialat käyttävät yhteistä tietoallasta ja johdon työpöytää, ja strategiamittarit ovat käytössä kaikilla johtamistasoilla.",
    "hyodyt": "Hyödynnämme olemassa olevaa analytiikkaosaamista ottamalla analyytikot mukaan palvelualueiden johtoryhmiin ja julkaisemalla keskeiset tunnusluvut kaikkien esihenkilöiden käyttöön.",
    "seuranta_ja_arviointi": "Toimenpiteiden etenemistä seurataan puolivuosittain johtoryhmässä, ja suunnitelma päivitetään vuosittain. Kypsyystason arviointi toistetaan vuosina 2027 ja 2030.",
}

SECTIONS_B = {
    "sote_maakunta": "Kivikosken sote-maakunta",
    "jarjestamisvastuulliset_organisaatiot": "Kivikosken sosiaali- ja terveyspiiri sekä Kivikosken ja Alajoen kaupungit.",
    "valmisteluajan_vastuullinen_toimija": "Kivikosken sosiaali- ja terveyspiiri.",
    "alueellisen_yhteistyon_malli": "",
    "nykytilan_kuvaus": "Tietojohtaminen on alkuvaiheessa. Raportit tehdään käsin taulukkolaskentana kunkin organisaation omista järjestelmistä, eikä yhteistä tietovarastoa ole.",
    "arviointi_toteutettu": "ei",
    "arvioinnin_tulokset": "",
    "arvioinnin_suunnitelma": "Tietojohtamisen arviointimallin mukainen kysely toteutetaan Webropol-kyselynä syksyllä 2020 johtoryhmälle sekä talouden ja ICT:n asiantuntijoille.",
    "kuvaus_suhteessa_nykytilaan": "Tavoitteena on siirtyä käsin tehdyistä raporteista yhteiseen tietovarastoon ja säännölliseen raportointiin.",
    "tavoiteltavat_tulokset": "Järjestäjällä on käytössään ajantasainen tieto palvelujen käytöstä ja kustannuksista.",
    "hyodyt": "",
    "seuranta_ja_arviointi": "",
}

SECTIONS_C = {
    "sote_maakunta": "Strandlandets välfärdsområde",
    "jarjestamisvastuulliset_organisaatiot": "Strandlandets välfärdsområde; samarbete med de sju kommunerna i området.",
    "valmisteluajan_vastuullinen_toimija": "",
    "alueellisen_yhteistyon_malli": "Ett nätverk för kunskapsledning med representanter för alla sektorer och kommunerna träffas varannan månad.",
    "nykytilan_kuvaus": "Ekonomi- och personalrapporteringen är gemensam, men klient- och patientdata finns i flera separata system. Behandlingen av personuppgifter i rapporteringen följer dataskyddsförordningen (GDPR), men rutinerna är olika i olika sektorer.",
    "arviointi_toteutettu": "kyllä",
    "arvioinnin_tulokset": "Enkäten enligt bedömningsmodellen genomfördes hösten 2024. Svagast var informationsanvändning och informationsbehov; starkast var organisering och lagring av information.",
    "arvioinnin_suunnitelma": "En uppföljande enkät görs 2027.",
    "kuvaus_suhteessa_nykytilaan": "Målet är att samla klient-, patient- och ekonomidata i en gemensam datasjö och att göra rapporteringen enhetlig i hela området.",
    "tavoiteltavat_tulokset": "",
    "hyodyt": "Analytikerna deltar i sektorernas ledningsgrupper och resultaten används i budgetberedningen.",
    "seuranta_ja_arviointi": "Ledningsgruppen följer upp åtgärderna två gånger per år.",
}


def actions(rows):
    out = []
    for key, t, text, short, long, resp, pre in rows:
        out.append({"target": T[t][1], "text": text, "short": short, "long": long,
                    "responsible": resp, "prerequisites": pre})
    return out


def assess(rows):
    return [{"area": a, "maturity": m, "satisfaction": s} for a, m, s in rows]


PLANS = {"plans": [
    {"id": "plan_a", "title": "Järvilaakson hyvinvointialueen tietojohtamisen kehittämissuunnitelma 2026–2030",
     "region": "Järvilaakso", "language": "fi",
     "periods": {"short": [2026, 2027], "long": [2028, 2030]},
     "sections": SECTIONS_A, "assessment": assess(ASSESS_A), "actions": actions(ACTIONS_A)},
    {"id": "plan_b", "title": "Kivikosken sote-maakunnan tietojohtamisen kehittämissuunnitelma",
     "region": "Kivikoski", "language": "fi",
     "periods": {"short": [2020, 2021], "long": [2022, 2025]},
     "sections": SECTIONS_B, "assessment": [], "actions": actions(ACTIONS_B)},
    {"id": "plan_c", "title": "Strandlandets välfärdsområdes utvecklingsplan för kunskapsledning 2025–2029",
     "region": "Strandlandet", "language": "sv",
     "periods": {"short": [2025, 2026], "long": [2027, 2029]},
     "sections": SECTIONS_C, "assessment": assess(ASSESS_C), "actions": actions(ACTIONS_C)},
]}

KEYED = {k: text for rows in (ACTIONS_A, ACTIONS_B, ACTIONS_C) for k, _t, text, *_ in rows}

if __name__ == "__main__":
    header = ("# Three fictional knowledge-management development plans (tietojohtamisen kehittämissuunnitelma)\n"
              "# written BLIND from /work/shared/PRODUCT.md and /work/shared/corpus only, for the reviewer\n"
              "# question set (dev.yaml / test.yaml). Regions are fictional. Target names are the template's\n"
              "# 3.4 development targets, de-hyphenated. null / \"\" = empty field (a deliberate gap).\n")
    with open("plans.yaml", "w", encoding="utf-8") as f:
        f.write(header)
        yaml.safe_dump(PLANS, f, allow_unicode=True, sort_keys=False, width=10000)
    print("wrote plans.yaml")
