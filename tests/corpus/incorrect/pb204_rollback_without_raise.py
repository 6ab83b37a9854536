from typing import Annotated

from fastapi import Depends
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from .db import SessionFactory


async def get_session():
    async with SessionFactory() as session:
        try:
            yield session
        except SQLAlchemyError:
            await session.rollback()


SessionDep = Annotated[AsyncSession, Depends(get_session)]
