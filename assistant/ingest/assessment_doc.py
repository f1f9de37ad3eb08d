"""The assessment model's known facts (knowledge/assessment_model.yaml) as an indexable document."""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.ingest.models import Block, LoadedDocument
from assistant.template.spec import load_assessment_model, load_template


def assessment_document(path: Path, knowledge_dir: Path) -> LoadedDocument:
    model = load_assessment_model(knowledge_dir)
    template = load_template(knowledge_dir)
    pub = model.publication
    blocks = [Block(kind="heading", text=f"{pub.short_name}: {pub.title}", level=1)]
    blocks += [Block(kind="paragraph", text=fact) for fact in model.facts.get("fi", [])]
    blocks.append(
        Block(kind="heading", text="Arviointimallin kymmenen osa-aluetta ja kehittämiskohteet", level=2)
    )
    for key in model.areas:
        area = template.area(key)
        targets = "; ".join(t.name for t in area.targets)
        blocks.append(Block(kind="list_item", text=f"{area.name} (luku {area.section}): {targets}"))
    # Only the Finnish facts are indexed, like the rest of the corpus: our Swedish and English
    # translations would otherwise attract every Swedish or English question.
    return LoadedDocument(
        path=path, format="md", sha256=assessment_hash(path, knowledge_dir), title=pub.title, blocks=blocks
    )


def assessment_hash(path: Path, knowledge_dir: Path) -> str:
    """The document depends on both YAML files."""
    return hashlib.sha256(path.read_bytes() + (knowledge_dir / "template.yaml").read_bytes()).hexdigest()
