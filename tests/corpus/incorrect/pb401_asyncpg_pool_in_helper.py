"""Repository helper that creates an asyncpg pool each time a route calls it."""

import os

import asyncpg
from fastapi import FastAPI, HTTPException

DSN = os.environ.get("DSN", "postgresql://app@localhost/app")

app = FastAPI()


async def fetch_article(slug: str) -> asyncpg.Record | None:
    pool = await asyncpg.create_pool(DSN, min_size=1, max_size=5)
    try:
        return await pool.fetchrow("select id, title, body from articles where slug = $1", slug)
    finally:
        await pool.close()


@app.get("/articles/{slug}")
async def read_article(slug: str) -> dict[str, str]:
    row = await fetch_article(slug)
    if row is None:
        raise HTTPException(status_code=404)
    return {"title": row["title"], "body": row["body"]}
