"""A sync migration script that drains a list with while and commits each row."""

from sqlalchemy.orm import Session

from .models import LegacyUser, User


def migrate_users(session: Session, legacy: list[LegacyUser]) -> None:
    pending = list(legacy)
    while pending:
        old = pending.pop()
        session.add(User(email=old.mail, name=old.full_name))
        session.commit()
