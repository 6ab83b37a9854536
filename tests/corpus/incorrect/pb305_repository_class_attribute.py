"""A repository whose session is a class attribute: created once, shared by every instance."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from .database import engine
from .models import Customer


class CustomerRepository:
    session = Session(engine)

    def by_email(self, email: str) -> Customer | None:
        return self.session.scalars(select(Customer).where(Customer.email == email)).first()
