"""Package discovery only; every other setting is in pyproject.toml.

The customer's layout keeps `knowledge/` and `prompts/` at the top level. The wheel ships them inside the
package as `assistant/knowledge` and `assistant/prompts` (package-dir mapping and package-data in
pyproject.toml), which automatic discovery cannot find: hence this list. `assistant.paths` reads them,
preferring the source checkout's folders when they exist.
"""

from setuptools import find_namespace_packages, setup

EXCLUDE = ["*.__pycache__"]
CODE = find_namespace_packages(include=["assistant", "assistant.*"], exclude=EXCLUDE)
DATA = [
    f"assistant.{folder}{'.' + sub if sub else ''}"
    for folder in ("knowledge", "prompts")
    for sub in ["", *find_namespace_packages(where=folder, exclude=EXCLUDE)]
]

setup(packages=[*CODE, *DATA])
