"""Engine with pre-ping switched off explicitly and no recycling to compensate."""

from sqlalchemy.ext.asyncio import create_async_engine as make_engine

engine = make_engine(
    "postgresql+asyncpg://reporting@replica.internal/warehouse",
    pool_pre_ping=False,
    pool_size=20,
)
