"""Column widths of the plan tables: the template's target names never break inside a word, even when
the prose columns hold words too long to fit all at once (those share what is left)."""

from __future__ import annotations

import pytest

from assistant.export.docx_government import (
    BOLD_CHAR_CM,
    CELL_MARGIN_CM,
    FIRST_MAX,
    column_widths,
    longest_word,
)
from assistant.export.docx_writer import PLAN_COLUMNS
from assistant.template.spec import load_template

NAMES = [t.name for a in load_template().areas for t in a.targets]
LONG_PROSE = ["asiakastietojärjestelmien integraatiot", "järjestelmätoimittajien rajapinnat"]


@pytest.mark.parametrize("name", NAMES)
def test_every_target_name_fits_its_column_beside_long_prose(name: str) -> None:
    widths = column_widths([[name], LONG_PROSE, LONG_PROSE, LONG_PROSE], PLAN_COLUMNS)
    assert sum(widths) == pytest.approx(sum(PLAN_COLUMNS))
    need = longest_word([name]) * BOLD_CHAR_CM + CELL_MARGIN_CM
    assert widths[0] >= min(need, FIRST_MAX * sum(PLAN_COLUMNS)) - 1e-9
    assert longest_word(NAMES) * BOLD_CHAR_CM + CELL_MARGIN_CM <= FIRST_MAX * sum(PLAN_COLUMNS)


def test_widths_stay_the_templates_when_everything_fits() -> None:
    assert column_widths([["Resurssit"], ["lyhyt"], ["teksti"], ["sana"]], PLAN_COLUMNS) == PLAN_COLUMNS
