"""A nightly job written as a coroutine but wired to the synchronous engine and session factory."""

import asyncio
import os

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from .models import Subscription


async def expire_subscriptions() -> int:
    engine = sa.create_engine(os.environ["DATABASE_URL"])
    make_session = sessionmaker(engine)
    with make_session() as session, session.begin():
        result = session.execute(
            sa.update(Subscription).where(Subscription.ends_at < sa.func.now()).values(active=False)
        )
    engine.dispose()
    return result.rowcount


if __name__ == "__main__":
    print(asyncio.run(expire_subscriptions()))
