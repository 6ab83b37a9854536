"""A test engine on sqlite:/// (the sync pysqlite driver) built from an f-string."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def make_test_engine(tmp_path: Path) -> AsyncEngine:
    return create_async_engine(f"sqlite:///{tmp_path / 'test.db'}", pool_pre_ping=True)
