"""Understanding what people type: one typed `Interpretation` of every message (intent, slots, confidence,
language), offline (e5 embeddings against intent examples kept as data, rules where rules are exact, the
template's names matched with morphology and typo tolerance) or with a language model (structured output,
validated, falling back to offline)."""
