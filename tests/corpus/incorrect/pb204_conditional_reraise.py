from typing import Annotated

from fastapi import Depends
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .db import SessionLocal


def get_db():
    db = SessionLocal()
    try:
        yield db
    except Exception as exc:
        if isinstance(exc, OperationalError):
            raise
        db.rollback()
    finally:
        db.close()


DbDep = Annotated[Session, Depends(get_db)]
