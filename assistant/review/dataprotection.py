"""Where a plan mentions data protection: the template's terms (knowledge/template.yaml
rules.data_protection_terms, word stems) found in any text of the plan, with JSON Pointer and snippet.

A term matches inside a word too (Finnish compounds: "asiakastietosuoja", "henkilötietojen"), and the
whole word is reported; a term of several words matches across any whitespace. One mention is reported
per text (the first term occurring in it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from assistant.i18n import load_catalog
from assistant.retrieval.quote import snippet
from assistant.review.models import DataProtectionMention, action_path
from assistant.template.spec import TemplateSpec

ACTION_FIELDS = ("toimenpide", "lyhyt_aikavali", "pitka_aikavali", "vastuuhenkilo", "edellytykset")


def term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"[\w-]*" + r"\s+".join(words) + r"[\w-]*", re.IGNORECASE)


def plan_texts(plan: Any, spec: TemplateSpec, language: str) -> Iterator[tuple[str, str, str, str | None]]:
    """(path, label, text, action id) of every text of the plan, in template order."""
    catalog = load_catalog(language)
    for section in sorted(spec.sections, key=lambda s: s.id):
        data = getattr(plan, section.key)
        for group in section.groups:
            for field in group.fields:
                letter = f" {field.letter})" if field.letter else ""
                label = f"{group.id}{letter} {field.label.get(language)}"
                yield f"/{section.key}/{field.key}", label, getattr(data, field.key), None
    if plan.arviointitulokset is not None:
        for i, row in enumerate(plan.arviointitulokset.alueet):
            label = catalog.t("review.dp.assessment_note", area=spec.area(row.alue).label.get(language))
            yield f"/arviointitulokset/alueet/{i}/huomio", label, row.huomio, None
    for action in plan.toimenpiteet:
        label = catalog.t("review.dp.action", id=action.id, target=action.kehittamiskohde)
        for name in ACTION_FIELDS:
            yield action_path(action.id, name), label, getattr(action, name), action.id


def find_mentions(
    plan: Any, spec: TemplateSpec, terms: list[str], language: str, snippet_chars: int
) -> list[DataProtectionMention]:
    patterns = [(term, term_pattern(term)) for term in terms]
    mentions: list[DataProtectionMention] = []
    for path, label, text, action_id in plan_texts(plan, spec, language):
        if not text:
            continue
        found = [(m.start(), term, m) for term, pattern in patterns if (m := pattern.search(text))]
        if not found:
            continue
        _, term, match = min(found, key=lambda f: f[0])  # one mention per text: the first term in it
        mentions.append(
            DataProtectionMention(
                path=path,
                label=label,
                term=term,
                word=match.group(0),
                snippet=snippet(text, match.start(), match.end(), snippet_chars),
                action_id=action_id,
            )
        )
    return mentions
