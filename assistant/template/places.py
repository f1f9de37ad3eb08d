"""Where a validation finding is, in words a reader understands: the section and field, or the area,
development target and action; never a JSON path or an internal id (links may still carry the path)."""

from __future__ import annotations

import re
from typing import Any

from assistant.i18n import load_catalog
from assistant.template.spec import TemplateSpec
from assistant.textutil import shorten_words

_ACTION = re.compile(r"^/toimenpiteet/(\d+)")


def place(path: str, plan: Any, spec: TemplateSpec, language: str = "fi") -> str:
    messages = load_catalog(language)
    if not path:
        return messages.t("places.plan")
    action = _ACTION.match(path)
    if action and plan is not None and int(action.group(1)) < len(plan.toimenpiteet):
        item = plan.toimenpiteet[int(action.group(1))]
        area = spec.area_of_target(item.kehittamiskohde)
        target = spec.closest_target(item.kehittamiskohde)
        parts = [spec.table.id]
        if area is not None:
            parts.append(area.label.get(language) or area.name)
        parts.append(target.display(language) if target else item.kehittamiskohde)
        text = shorten_words(item.toimenpide, 60)
        parts.append(
            messages.t("places.action", text=text)
            if text
            else messages.t("places.action_number", n=int(action.group(1)) + 1)
        )
        return " › ".join(parts)
    if path.startswith("/arviointitulokset"):
        return messages.t("places.assessment")
    if path.startswith("/meta/periods"):
        return messages.t("places.periods")
    if path.startswith("/meta"):
        return messages.t("places.meta")
    keys = path.strip("/").split("/")
    for section in spec.sections:
        if section.key != keys[0]:
            continue
        for group in section.groups:
            for field in group.fields:
                if len(keys) > 1 and field.key == keys[1]:
                    letter = f"{field.letter}) " if field.letter else ""
                    return f"{group.id} {letter}{field.label.get(language)}"
        return f"{section.id} {section.title.get(language)}"
    return messages.t("places.plan")
