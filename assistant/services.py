"""The knowledge base's builders, kept under their old import path; the composition root is
`assistant.container`."""

from assistant.container import KnowledgeBase, build_knowledge_base, build_store

__all__ = ["KnowledgeBase", "build_knowledge_base", "build_store"]
