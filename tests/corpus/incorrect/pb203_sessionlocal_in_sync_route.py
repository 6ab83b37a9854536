from fastapi import FastAPI
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from .models import Item

engine = create_engine("sqlite:///./app.db")
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
app = FastAPI()


@app.get("/items")
def list_items() -> list[str]:
    db = SessionLocal()
    try:
        return list(db.scalars(select(Item.name)))
    finally:
        db.close()
