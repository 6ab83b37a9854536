"""An async engine on a bare postgresql:// URL: the driver depends on the SQLAlchemy version."""

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("postgresql://app:secret@db.internal:5432/app", pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
