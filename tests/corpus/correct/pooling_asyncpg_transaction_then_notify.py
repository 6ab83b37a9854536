"""Update in an asyncpg transaction, release the connection, then notify over HTTP."""

import asyncpg
import httpx


async def close_ticket(pool: asyncpg.Pool, http_client: httpx.AsyncClient, ticket_id: int) -> None:
    async with pool.acquire() as conn:
        async with conn.transaction():
            row = await conn.fetchrow(
                "update tickets set status = 'closed' where id = $1 returning id, requester_email",
                ticket_id,
            )
    if row is not None:
        await http_client.post("https://hooks.example.com/ticket-closed", json=dict(row))
