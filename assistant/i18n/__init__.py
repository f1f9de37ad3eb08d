"""Message catalogs (fi first, sv and en as choices) loaded from YAML files."""

from assistant.i18n.catalog import LANGUAGES, Catalog, load_catalog

__all__ = ["LANGUAGES", "Catalog", "load_catalog"]
