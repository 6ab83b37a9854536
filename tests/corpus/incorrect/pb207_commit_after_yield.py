from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from .db import async_session


async def get_session():
    async with async_session() as session:
        yield session
        await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session)]
