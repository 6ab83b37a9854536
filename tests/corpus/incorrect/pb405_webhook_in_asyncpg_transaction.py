"""Outbox-less webhook: the HTTP notification is sent inside an asyncpg transaction."""

import asyncpg
import httpx


async def close_ticket(pool: asyncpg.Pool, http_client: httpx.AsyncClient, ticket_id: int) -> None:
    async with pool.acquire() as conn:
        async with conn.transaction():
            row = await conn.fetchrow(
                "update tickets set status = 'closed' where id = $1 returning id, requester_email",
                ticket_id,
            )
            await http_client.post("https://hooks.example.com/ticket-closed", json=dict(row))
