"""The sync-tutorial SessionLocal, called once at module level."""

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine("sqlite:///./inventory.db")
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
db = SessionLocal()


def low_stock(threshold: int) -> list[tuple[str, int]]:
    from .models import Item

    return [(item.sku, item.quantity) for item in db.query(Item).filter(Item.quantity < threshold)]
