"""Flushing after every add to read back generated primary keys."""

from sqlalchemy.ext.asyncio import AsyncSession

from .models import Tag


async def create_tags(session: AsyncSession, names: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for name in names:
        tag = Tag(name=name)
        session.add(tag)
        await session.flush()
        ids[name] = tag.id
    await session.commit()
    return ids
