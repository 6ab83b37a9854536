"""A sync application: the session still comes from a yield dependency, closed in finally."""

import os
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

engine = create_engine(os.environ.get("SYNC_DATABASE_URL", "sqlite:///./app.db"), pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


def get_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


DbDep = Annotated[Session, Depends(get_db)]

app = FastAPI()


@app.get("/notes")
def list_notes(db: DbDep) -> list[str]:
    return list(db.scalars(select(Note.text)))


@app.post("/notes", status_code=201)
def add_note(text: str, db: DbDep) -> dict[str, int]:
    note = Note(text=text)
    db.add(note)
    db.commit()
    return {"id": note.id}
