"""The guided drafting engine: a UI-independent conversation that fills the plan step by step."""
