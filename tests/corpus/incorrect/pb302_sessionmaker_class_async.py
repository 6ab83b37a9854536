"""The 1.4-style factory: sessionmaker(class_=AsyncSession) with expire_on_commit left at True."""

from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import sessionmaker

engine = create_async_engine("postgresql+asyncpg://app@localhost/app", pool_pre_ping=True)
SessionFactory = sessionmaker(engine, class_=AsyncSession, expire_on_commit=True)
