"""AsyncSession built directly, without expire_on_commit=False, in a test helper."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from .models import User


async def create_user(engine: AsyncEngine, email: str) -> User:
    async with AsyncSession(engine) as session:
        user = User(email=email)
        session.add(user)
        await session.commit()
    return user
