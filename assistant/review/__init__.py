"""Review engine: computed plan coverage (`analyse`) and answers to reviewer questions (`ask`)."""

from assistant.review.models import Answer, CoverageReport

__all__ = ["Answer", "CoverageReport"]
