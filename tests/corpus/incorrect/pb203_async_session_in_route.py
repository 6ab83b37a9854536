from fastapi import FastAPI, HTTPException
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from .models import User

engine = create_async_engine("postgresql+asyncpg://app@localhost/app", pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


@app.get("/users/{user_id}")
async def read_user(user_id: int) -> dict[str, str]:
    async with async_session() as session:
        user = await session.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404)
    return {"email": user.email}
