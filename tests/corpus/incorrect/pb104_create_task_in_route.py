import asyncio

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Signup(BaseModel):
    email: str


async def send_welcome_email(email: str) -> None:
    await asyncio.sleep(0.1)


@app.post("/signups", status_code=201)
async def signup(body: Signup) -> dict:
    asyncio.create_task(send_welcome_email(body.email))
    return {"email": body.email}
