"""Hand-filled plans built with python-docx the way people fill the template in Word.

The builder writes what the official template has (chapter 3 without typed numbering, "a) label:" lines
with the answer after the colon or below, bold labels, the 3.4 tables with hyphenated header and target
cells, italic "Esim." example actions, schedule skeletons "2020-2021:" / "Vastuuhenkilö:", the hint
"Esim. tarvittavat resurssit, investoinnit"), so the tests can vary one thing at a time.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import docx
from docx.document import Document as DocxDocument
from docx.table import Table

from assistant.template.spec import load_template

HEADER = (
    "Kehittämis-\nkohde",
    "Toimenpiteet",
    "Aikataulu ja \nvastuuhenkilö",
    "Edellytykset/\nvaatimukset \ntoteutumiselle",
)
SKELETON = "2020-2021: \n2022-2025:\n\nVastuuhenkilö: "
HINT = "Esim. tarvittavat resurssit, \ninvestoinnit"


@dataclass
class Row:
    """One table row: the target cell (None = merged with the row above), the action cell's paragraphs
    (each a (text, italic) pair or plain text), the schedule text and the prerequisites."""

    target: str | None
    actions: Sequence[str | tuple[str, bool]] = ()
    schedule: str = SKELETON
    prerequisites: str = HINT


@dataclass
class Builder:
    doc: DocxDocument = field(default_factory=docx.Document)

    def title(self, text: str) -> Builder:
        self.doc.add_paragraph(text, style="Title")
        return self

    def subtitle(self, text: str) -> Builder:
        self.doc.add_paragraph(text, style="Subtitle")
        return self

    def heading(self, text: str, level: int = 1) -> Builder:
        self.doc.add_heading(text, level=level)
        return self

    def para(self, text: str, *, bold: bool = False, italic: bool = False) -> Builder:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        return self

    def bold_label(self, label: str, answer: str) -> Builder:
        """ "**label** answer" in one paragraph."""
        paragraph = self.doc.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(" " + answer)
        return self

    def table(
        self, rows: Sequence[Row], header: Sequence[str] = HEADER, title_row: str | None = None
    ) -> Table:
        extra = 1 if title_row else 0
        table = self.doc.add_table(rows=len(rows) + 1 + extra, cols=len(header))
        table.style = "Table Grid"
        if title_row:
            merged = table.cell(0, 0).merge(table.cell(0, len(header) - 1))
            merged.text = title_row
        for cell, text in zip(table.rows[extra].cells, header, strict=True):
            cell.text = text
        merge_start: int | None = None
        for index, row in enumerate(rows, start=1 + extra):
            cells = table.rows[index].cells
            if row.target is None and merge_start is not None:
                table.cell(merge_start, 0).merge(table.cell(index, 0))
            else:
                cells[0].text = row.target or ""
                merge_start = index
            if len(header) > 1:
                first = True
                for item in row.actions:
                    text, italic = (item, False) if isinstance(item, str) else item
                    paragraph = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
                    paragraph.add_run(text).italic = italic or None
                    first = False
            if len(header) > 2:
                cells[2].text = row.schedule
            if len(header) > 3:
                cells[3].text = row.prerequisites
        return table

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


# --- the plan as filled in by "Kuvitemaa" (a fictional region) -------------------------------------------

# The template's 3.2.1 instruction as its document prints it: two paragraphs, the second in lower case.
INSTRUCTION_3_2_1 = (
    "Huomioi edellisessä sote-maakuntavalmistelussa tehty työ tai nykyisen maakuntalaajuisen "
    "sote-kuntayhtymän nykytila"
)


def label(field_key: str, *, language: str = "fi") -> str:
    """A field label as the template document prints it: "b) <label>:" (letter only when it has one)."""
    for section in load_template().sections:
        for f in section.fields:
            if f.key == field_key:
                text = f.label.get(language)
                return f"{f.letter}) {text}:" if f.letter else f"{text}:"
    raise KeyError(field_key)


REGION = "Kuvitemaan hyvinvointialue"
ORGANISATIONS = [
    "Kuvitemaan sote-kuntayhtymä ja alueen 9 kuntaa.",
    "Pelastuslaitos osallistuu tiedonkeruuseen.",
]
RESPONSIBLE_PARTY = "Kuvitemaan sote-kuntayhtymä"
COOPERATION = "Ohjausryhmä, jossa kaikki organisaatiot ovat edustettuina, kokoontuu kuukausittain."
CURRENT_STATE = "Raportointi tehdään käsin. Tietosuojan vastuut on kuvattu osittain."
ASSESSED = "Kyllä, keväällä 2021."
RESULTS = "Heikoimmat osa-alueet: mittarit ja tiedon jakaminen."
RELATIVE = "Siirrymme käsityöstä yhteiseen tietovarastoon."
RESULTS_AIMED = "Yhteinen tietovarasto ja mittaristo vuoteen 2025 mennessä."
BENEFITS = "Tietovarastoa käytetään talousarvion valmistelussa."
FOLLOW_UP = "Ohjausryhmä seuraa toimenpiteitä neljännesvuosittain."

ACTION_1 = "Laadimme tietojohtamisen strategian ohjausryhmän kanssa."
ACTION_2 = "Kytkemme tietojohtamisen tavoitteet hyvinvointialueen strategiaan."
ACTION_3 = "Määrittelemme tietojohtamisen vastuut kaikille johtamisen tasoille."
_VISIO_EXAMPLES = load_template().area("visio_ja_strategia").targets[0].examples
EXAMPLE_1 = "Esim. " + _VISIO_EXAMPLES[0][0].lower() + _VISIO_EXAMPLES[0][1:]  # as the template prints it
EXAMPLE_2 = _VISIO_EXAMPLES[1]


def visio_rows(target_1: str = "Tieto-\njohtamisen strategia ja \ntavoitteet") -> list[Row]:
    return [
        Row(
            target_1,
            [(EXAMPLE_1, True), (EXAMPLE_2, True), ACTION_1],
            "2020-2021: Luonnos 2021\n2022-2025: Päivitys 2023\n\nVastuuhenkilö: Tietojohtaja",
            HINT + "\nOhjausryhmän työaika",
        ),
        Row(
            None,
            [ACTION_2],
            "2020–2021: \n2022–2025: Strategiatyö 2022\nVastuuhenkilö: Strategiajohtaja",
            "Valtuuston päätös",
        ),
        Row("Tieto-\njohtamisen \nyhteys koko organisaation strategiaan"),
        Row(
            "Tieto-\njohtamisen laajuus ja \nmerkitys",
            [ACTION_3],
            "2020-2021: Vastuut 2021\nVastuuhenkilö: Hallintojohtaja",
            "Johtoryhmän hyväksyntä",
        ),
        Row(
            "Systemaattinen lähestymistapa tieto-\njohtamisen \nkehittämiseen",
            [("Esim. nimeämme vastuuhenkilöt", True)],
        ),
    ]


def build_handfilled(
    *,
    visio: list[Row] | None = None,
    visio_header: Sequence[str] = HEADER,
    extra: Callable[[Builder], None] | None = None,
    edit_visio: Callable[[Table], None] | None = None,
    inline_first_label: bool = True,
    sources: Sequence[str] = (),
) -> bytes:
    b = Builder()
    b.title("Sote-maakunnan tietojohtamisen kehittämissuunnitelma")
    b.heading("Johdanto", 1)
    b.para("Sote-maakunta laatii tietojohtamisen kehittämissuunnitelman (ohjeteksti).")
    b.heading("Ohjeistus tietojohtamisen kehittämissuunnitelman valmisteluun", 1)
    b.para("Ohjeet kehittämissuunnitelman täyttämiseen:")
    b.heading("Sote-maakunnan tietojohtamisen kehittämissuunnitelma", 1)
    b.heading("Kuvaus sote-maakunnasta", 2)
    b.heading("Sote-maakunta ja organisaatiot, joita suunnitelma koskee", 3)
    if inline_first_label:
        b.para(f"a) Sote-maakunta: {REGION}")
    else:
        b.para("a) Sote-maakunta:", bold=True).para(REGION)
    b.para("b) Järjestämisvastuulliset organisaatiot, joita suunnitelma koskee:", bold=True)
    for line in ORGANISATIONS:
        b.para(line)
    b.para("")
    b.heading("Kuvaus sote-maakunnallisesta organisoitumisesta", 3)
    b.bold_label("a) Valmisteluajan vastuullinen toimija:", RESPONSIBLE_PARTY)
    b.para(label("alueellisen_yhteistyon_malli"))
    b.para(COOPERATION)
    b.heading("Tietojohtamisen nykytila sote-maakunnassa", 2)
    b.heading("Kuvaa sote-maakunnan tietojohtamisen nykytila lyhyesti", 3)
    b.para(INSTRUCTION_3_2_1)
    b.para("esim. tiedon johtaminen, tietosisältöjen valmistelu, organisoituminen, infrastruktuuri/ välineet")
    b.para(CURRENT_STATE)
    b.heading("0. Tietojohtamisen nykytilan arviointi kehittämissuunnitelman pohjaksi", 3)
    b.para(label("arviointi_toteutettu"))
    b.para(ASSESSED)
    b.para(label("arvioinnin_tulokset"))
    b.para(RESULTS)
    b.para(label("arvioinnin_suunnitelma"))
    b.heading("Tietojohtamisen kehittämistavoitteet ja tavoiteltavat tulokset", 2)
    b.para("Kuvaus suhteessa nykytilaan:")
    b.para(RELATIVE)
    b.para(" Lopullisesti tavoiteltavat tulokset")
    b.para(RESULTS_AIMED)
    if extra is not None:
        extra(b)
    b.heading("Kehittämistoimenpiteet, vaiheistus ja aikataulu", 2)
    b.para("Kehittämiskohde: Älä poista tai muokkaa kehittämiskohteet-sarakkeen sisältöjä.")
    b.para(
        "Huom. Kaikkia kehittämisen osa-alueita ei tarvitse täyttää. Täyttämistä vaativat vain ne kohdat, "
        "joihin sote-maakunnalla on omien tavoitteidensa mukainen toimenpide."
    )
    b.heading("Kehittämisen osa-alue: VISIO JA STRATEGIA", 3)
    table = b.table(visio if visio is not None else visio_rows(), header=visio_header)
    if edit_visio is not None:
        edit_visio(table)
    b.heading("Kehittämisen osa-alue: TIEDON HANKINTA", 3)
    b.table(
        [
            Row(
                "Tiedon \nkerääminen ja saatavuus",
                [("Esim. toteutamme tiedon laadun parantamiseen tähtääviä toimenpiteitä", True)],
            )
        ]
    )
    b.heading("Tavoitteiden ja toimenpiteiden arviointi", 2)
    b.heading("Kehittämisen osa-alue: HYÖDYT", 3)
    b.para("Kehittämiskohde: Tietojohtamisen vaikutus tuloksellisuuteen")
    b.para(label("hyodyt"))
    b.para(BENEFITS)
    b.heading("Seuranta ja arviointi", 3)
    b.para(label("seuranta_ja_arviointi"))
    b.para(FOLLOW_UP)
    if sources:
        b.heading("Lähteet", 1)
        for line in sources:
            b.para(line)
    return b.bytes()
