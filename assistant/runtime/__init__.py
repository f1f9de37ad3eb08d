"""Process-level runtime choices made before any native library loads (see `threads`)."""
