"""Raw SQL with text() and bound parameters; identifiers chosen from a fixed set in code."""

from typing import Literal

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession

FIND_BY_EMAIL = text("SELECT id, email FROM users WHERE email = :email")
BY_IDS = text("SELECT id, email FROM users WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
SORT_COLUMNS = {"email": "email", "newest": "created_at DESC"}


async def find_by_email(session: AsyncSession, email: str) -> tuple[int, str] | None:
    result = await session.execute(FIND_BY_EMAIL, {"email": email})
    row = result.first()
    return None if row is None else (row.id, row.email)


async def by_ids(session: AsyncSession, ids: list[int]) -> list[tuple[int, str]]:
    result = await session.execute(BY_IDS, {"ids": ids})
    return [(row.id, row.email) for row in result]


async def recent(session: AsyncSession, since_days: int) -> list[int]:
    stmt = text("SELECT id FROM users WHERE created_at > now() - make_interval(days => :days)").bindparams(days=since_days)
    return list(await session.scalars(stmt))


async def listed(session: AsyncSession, sort: Literal["email", "newest"], active_only: bool) -> list[int]:
    sql = "SELECT id FROM users"
    sql += " WHERE active" if active_only else ""
    sql += " ORDER BY " + ("email" if sort == "email" else "created_at DESC")
    return list(await session.scalars(text(sql + " LIMIT :limit"), {"limit": 100}))
