"""Background tasks spawned per user, all holding the caller's session."""

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from .mail import send_digest
from .repository import load_digest


async def digest_for(db: AsyncSession, user_id: int) -> None:
    digest = await load_digest(db, user_id)
    await send_digest(user_id, digest)


async def send_all_digests(db: AsyncSession, user_ids: list[int]) -> None:
    tasks = [asyncio.create_task(digest_for(db, user_id)) for user_id in user_ids]
    for task in tasks:
        await task
