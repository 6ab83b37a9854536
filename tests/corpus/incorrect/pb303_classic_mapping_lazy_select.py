"""Classic Column mapping with an explicit lazy="select" relationship."""

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    books = relationship("Book", back_populates="author", lazy="select")


class Book(Base):
    __tablename__ = "books"

    id = Column(Integer, primary_key=True)
    author_id = Column(ForeignKey("authors.id"), nullable=False)
    author = relationship("Author", back_populates="books", lazy="joined")
