"""Lifespan that builds the engine and session factory, but forgets `engine.dispose()`."""

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")


@asynccontextmanager
async def lifespan(app: FastAPI):
    engine = create_async_engine(DATABASE_URL, pool_pre_ping=True, pool_size=10)
    app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
    yield
    app.state.sessions = None


app = FastAPI(lifespan=lifespan)
