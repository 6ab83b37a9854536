import httpx
from fastapi import FastAPI

clients: dict[str, httpx.AsyncClient] = {}


async def start_client() -> None:
    clients["rates"] = httpx.AsyncClient(base_url="https://rates.example.com", timeout=5.0)


async def stop_client() -> None:
    await clients["rates"].aclose()


app = FastAPI(
    title="rates",
    on_startup=[start_client],
    on_shutdown=[stop_client],
)
