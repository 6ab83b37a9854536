#!/usr/bin/env python3
"""Validate the python-backend skill bundle, or lint the Python files an agent wrote.

    python scripts/validate.py              # this skill bundle
    python scripts/validate.py app/         # Python files: standard library only
    python scripts/validate.py --help
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pbcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
