import httpx


async def fetch_rates(base: str) -> dict:
    with httpx.Client(base_url="https://rates.example.com", timeout=5.0) as client:
        response = client.get("/latest", params={"base": base})
    return response.json()
