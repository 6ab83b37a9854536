"""Sorting by a caller-supplied column through str.format."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

LIST_USERS = "SELECT id, email, created_at FROM users ORDER BY {column} {direction} LIMIT :limit"


async def list_users(session: AsyncSession, column: str, direction: str, limit: int) -> list[tuple]:
    stmt = text(LIST_USERS.format(column=column, direction=direction))
    result = await session.execute(stmt, {"limit": limit})
    return list(result)
