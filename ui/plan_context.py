"""What every part of the plan page needs for one run: the store, the plan as shown, the version the
user last saw (a save is based on it), the messages, the template and whether this session may edit."""

from __future__ import annotations

from assistant.storage import PlanStore, StoredPlan
from ui.review_components import plan_threads
from ui.state import can_edit, catalog, current_language, get_settings, get_template


class PageContext:
    """What every part of the page needs for one run."""

    def __init__(self, store: PlanStore, stored: StoredPlan, expected_version: int) -> None:
        self.store = store
        self.stored = stored
        self.expected_version = expected_version
        self.messages = catalog()
        self.language = current_language()
        self.spec = get_template()
        self.knowledge_dir = get_settings().knowledge_dir
        self.comments = plan_threads(stored.id, stored.plan, self.spec, self.messages)  # review comments
        self.editable = can_edit()  # reviewers see the plan read-only
        self.spec_column_labels = [c.label.get(self.language) for c in self.spec.table.columns]
