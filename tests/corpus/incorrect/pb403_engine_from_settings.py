"""Engine built from pydantic-settings, behind a function, with pool sizing but no pre-ping."""

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext import asyncio as sa_asyncio


class DatabaseSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DB_")

    url: str = "postgresql+asyncpg://app@localhost/app"
    pool_size: int = 5
    max_overflow: int = 10


def build_engine(settings: DatabaseSettings) -> sa_asyncio.AsyncEngine:
    return sa_asyncio.create_async_engine(
        settings.url,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_timeout=10,
    )
