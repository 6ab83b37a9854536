"""A queue consumer coroutine that opens sessions from a sync sessionmaker."""

import asyncio

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from .models import AuditEvent

engine = create_engine("postgresql+psycopg://audit@localhost/audit")
SessionLocal = sessionmaker(bind=engine)


async def store_events(queue: asyncio.Queue[dict[str, str]]) -> None:
    while True:
        payload = await queue.get()
        with SessionLocal() as session:
            session.add(AuditEvent(kind=payload["kind"], actor=payload["actor"]))
            session.commit()
        queue.task_done()
