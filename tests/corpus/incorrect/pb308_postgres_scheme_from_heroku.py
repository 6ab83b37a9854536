"""A postgres:// URL (the Heroku spelling), which SQLAlchemy does not accept as a dialect name."""

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(url="postgres://worker@db:5432/jobs", pool_pre_ping=True, pool_size=5)
