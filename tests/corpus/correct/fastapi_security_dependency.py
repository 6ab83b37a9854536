"""An OAuth2 bearer dependency chain written with Annotated aliases."""

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from pydantic import BaseModel

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


class User(BaseModel):
    username: str
    disabled: bool = False


USERS = {"alice-token": User(username="alice")}


async def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> User:
    user = USERS.get(token)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid authentication credentials",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


async def get_active_user(user: Annotated[User, Depends(get_current_user)]) -> User:
    if user.disabled:
        raise HTTPException(status_code=400, detail="Inactive user")
    return user


ActiveUser = Annotated[User, Depends(get_active_user)]

app = FastAPI()


@app.get("/users/me")
async def read_me(user: ActiveUser) -> User:
    return user


@app.get("/admin/audit", dependencies=[Depends(get_active_user)])
async def audit_log() -> list[str]:
    return []
