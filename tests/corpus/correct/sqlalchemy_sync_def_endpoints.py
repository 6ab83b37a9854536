"""Sync endpoints with a sync Session, as the FastAPI SQL tutorial writes them: FastAPI runs `def`
endpoints and `def` dependencies in its threadpool, so the blocking driver never blocks the event loop."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

sqlite_url = "sqlite:///./heroes.db"
engine = create_engine(sqlite_url, connect_args={"check_same_thread": False})


class Base(DeclarativeBase):
    pass


class Hero(Base):
    __tablename__ = "heroes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    secret_name: Mapped[str]


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
app = FastAPI()


@app.post("/heroes")
def create_hero(name: str, secret_name: str, session: SessionDep) -> dict[str, int]:
    hero = Hero(name=name, secret_name=secret_name)
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return {"id": hero.id}


@app.get("/heroes/{hero_id}")
def read_hero(hero_id: int, session: SessionDep) -> dict[str, str]:
    hero = session.get(Hero, hero_id)
    if hero is None:
        raise HTTPException(status_code=404, detail="Hero not found")
    return {"name": hero.name}


@app.get("/heroes")
def list_heroes(session: SessionDep, offset: int = 0, limit: int = 100) -> list[str]:
    return list(session.scalars(select(Hero.name).offset(offset).limit(limit)))
