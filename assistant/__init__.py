"""Assistant that drafts Finnish knowledge-management development plans."""

from assistant.runtime.threads import apply_process_defaults

# Before any native engine loads: one thread per query embedding unless the operator says otherwise.
apply_process_defaults()

__version__ = "0.1.0"
