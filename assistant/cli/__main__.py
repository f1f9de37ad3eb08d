"""`python -m assistant.cli`."""

from assistant.cli import app

app()
