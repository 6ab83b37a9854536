from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


class User(BaseModel):
    username: str


def decode_token(token: str) -> User | None:
    return User(username=token) if token else None


async def get_current_user(token: str = Depends(oauth2_scheme)) -> User:
    user = decode_token(token)
    if user is None:
        raise HTTPException(status_code=401, detail="Not authenticated")
    return user
