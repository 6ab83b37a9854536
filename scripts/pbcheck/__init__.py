"""python-backend checker: validates the skill bundle and lints async-backend code.

The markdown and YAML dependencies are imported lazily, so linting ``.py`` files needs only
the standard library.
"""

__version__ = "0.1.0"
