"""A report query built with %-formatting in a variable, then wrapped in text()."""

import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection


async def revenue_since(conn: AsyncConnection, region: str, since: datetime.date) -> int:
    sql = "SELECT coalesce(sum(total_cents), 0) FROM orders WHERE region = '%s' AND placed_on >= '%s'" % (region, since)
    result = await conn.execute(sa.text(sql))
    return result.scalar_one()
