"""Token introspection dependency that opens a fresh HTTP client for every request it guards."""

from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Header, HTTPException

app = FastAPI()


async def current_user(authorization: Annotated[str, Header()]) -> dict[str, str]:
    client = httpx.AsyncClient(base_url="https://auth.example.com", timeout=3.0)
    try:
        response = await client.post("/introspect", data={"token": authorization.removeprefix("Bearer ")})
    finally:
        await client.aclose()
    claims = response.json()
    if not claims.get("active"):
        raise HTTPException(status_code=401)
    return claims


@app.get("/me")
async def me(user: Annotated[dict[str, str], Depends(current_user)]) -> dict[str, str]:
    return {"sub": user["sub"]}
