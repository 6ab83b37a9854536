import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/weather/{city}")
async def weather(city: str) -> dict:
    response = requests.get("https://api.example.com/weather", params={"q": city}, timeout=5)
    response.raise_for_status()
    return response.json()
