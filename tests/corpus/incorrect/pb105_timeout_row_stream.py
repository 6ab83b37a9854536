import asyncio


async def stream_rows(conn, query: str):
    async with asyncio.timeout(30):
        async with conn.transaction():
            async for record in conn.cursor(query):
                yield dict(record)
