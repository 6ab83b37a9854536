"""A transaction that commits before the response: Depends(..., scope="function")."""

import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///./app.db")
engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
SessionFactory = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Signup(Base):
    __tablename__ = "signups"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)


class SignupIn(BaseModel):
    email: str


async def transaction() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session, session.begin():
        yield session


TransactionDep = Annotated[AsyncSession, Depends(transaction, scope="function")]

app = FastAPI()


@app.post("/signups", status_code=201)
async def create_signup(signup: SignupIn, session: TransactionDep) -> dict[str, str]:
    session.add(Signup(email=signup.email))
    return {"email": signup.email}
