"""Engine and session factory as module-level globals; sessions per unit of work."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@localhost/app")
REPLICA_URL = os.environ.get("REPLICA_URL", "postgresql+psycopg://app@replica/app")

engine = create_async_engine(DATABASE_URL, pool_pre_ping=True, pool_size=5, max_overflow=5)
replica = create_async_engine(REPLICA_URL, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
read_session = async_sessionmaker(replica, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await engine.dispose()
    await replica.dispose()


app = FastAPI(lifespan=lifespan)


async def get_session() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session


async def get_read_session() -> AsyncIterator[AsyncSession]:
    async with read_session() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session)]


@app.post("/notes")
async def create_note(body: str, session: SessionDep) -> dict[str, int]:
    note = Note(body=body)
    session.add(note)
    await session.commit()
    return {"id": note.id}


@app.get("/notes")
async def list_notes(session: ReadSessionDep) -> list[str]:
    return list(await session.scalars(select(Note.body).order_by(Note.id)))
