"""What is shown of a cited passage: the sentence that answers, and never the template's empty form."""

from __future__ import annotations

from assistant.retrieval.quote import only_headings, quote, snippet


class Words:
    def tokens(self, text: str) -> list[str]:
        return [w.lower().strip(".,:;!?") for w in text.split()]


def test_the_sentence_sharing_most_words_with_the_question_is_quoted() -> None:
    text = (
        "Suunnitelma laaditaan mallipohjalle. Toimenpiteille nimetään vastuuhenkilö ja aikataulu. "
        "Lisäksi kuvataan edellytykset."
    )
    shown = quote(text, {"vastuuhenkilö", "nimetään"}, Words(), limit=200)
    assert shown.startswith("Toimenpiteille nimetään vastuuhenkilö")
    assert "mallipohjalle" not in shown


def test_a_numbered_list_item_keeps_its_number_and_a_year_still_ends_a_sentence() -> None:
    text = "1. Täytä kuvaus osioon 3.1\n2. Kuvaa nykytila osioon 3.2"
    assert quote(text, {"nykytila"}, Words(), limit=30) == "2. Kuvaa nykytila osioon 3.2"
    text = "Kysely tehdään vuonna 2027. Tulokset raportoidaan johtoryhmälle."
    assert quote(text, {"tulokset"}, Words(), limit=45) == "Tulokset raportoidaan johtoryhmälle."


def test_a_long_sentence_is_cut_around_its_first_matching_word() -> None:
    text = " ".join(["alku"] * 40 + ["tietosuoja"] + ["loppu"] * 40)
    shown = quote(text, {"tietosuoja"}, Words(), limit=60)
    assert "tietosuoja" in shown and shown.startswith("…") and shown.endswith("…") and len(shown) <= 64
    assert snippet("abc def ghi", 4, 7, 3) == "…def…"


def test_the_templates_empty_form_is_only_headings_and_prose_is_not() -> None:
    form = (
        "3.1 Kuvaus sote-maakunnasta\n3.1.1 Sote-maakunta ja organisaatiot, joita suunnitelma koskee\n"
        "- Sote-maakunta:\n- Järjestämisvastuulliset organisaatiot, joita suunnitelma koskee:"
    )
    assert only_headings(form)
    assert not only_headings(form + "\nHuomioi edellisessä valmistelussa tehty työ.")
    assert not only_headings("")


def test_an_abbreviation_before_a_lower_case_word_does_not_end_the_sentence() -> None:
    text = "Toimenpiteet: Karsimme ns. turhat mittarit. Mittarit kuvataan."
    assert quote(text, {"turhat"}, Words(), limit=60) == "Toimenpiteet: Karsimme ns. turhat mittarit."
