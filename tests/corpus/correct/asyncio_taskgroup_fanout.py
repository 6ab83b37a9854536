"""Fan out with a TaskGroup: a failure cancels the siblings and every error is raised."""

import asyncio

import httpx


async def fetch_status(client: httpx.AsyncClient, url: str) -> int:
    response = await client.get(url)
    return response.status_code


async def check_all(client: httpx.AsyncClient, urls: list[str]) -> dict[str, int]:
    async with asyncio.TaskGroup() as tg:
        tasks = {url: tg.create_task(fetch_status(client, url)) for url in urls}
    return {url: task.result() for url, task in tasks.items()}


async def main() -> None:
    async with httpx.AsyncClient(timeout=5.0) as client:
        try:
            statuses = await check_all(client, ["https://example.com", "https://example.org"])
        except* httpx.HTTPError as group:
            for error in group.exceptions:
                print("check failed:", error)
        else:
            print(statuses)


if __name__ == "__main__":
    asyncio.run(main())
