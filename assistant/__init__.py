"""Assistant that drafts Finnish knowledge-management development plans."""

__version__ = "0.1.0"
