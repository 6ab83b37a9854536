import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def open_pool() -> None:
    app.state.pool = await asyncpg.create_pool("postgresql://app@localhost/app", min_size=2, max_size=10)


@app.on_event("shutdown")
async def close_pool() -> None:
    await app.state.pool.close()
