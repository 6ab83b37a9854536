"""Engine behind a proxy that drops connections idle for 10 minutes: recycle them before that."""

import os

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@db-proxy.internal/app")

# The proxy closes server connections after 600 s idle; recycling at 300 s avoids handing out a
# dead one without paying a ping on every checkout.
engine = create_async_engine(DATABASE_URL, pool_recycle=300, pool_size=10, max_overflow=0)
SessionFactory = async_sessionmaker(engine, expire_on_commit=False)
