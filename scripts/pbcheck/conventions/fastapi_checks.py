"""Convention checks: fastapi (stub; checks are added here)."""

from __future__ import annotations
