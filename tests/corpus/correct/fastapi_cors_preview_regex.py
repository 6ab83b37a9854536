"""Credentials for the production front end and its preview deployments, matched by a strict regex."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

PREVIEW_ORIGINS = r"https://pr-[0-9]+\.preview\.example\.com"

app = FastAPI()
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.example.com"],
    allow_origin_regex=PREVIEW_ORIGINS,
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)


@app.get("/session")
async def session_info() -> dict[str, bool]:
    return {"authenticated": True}
