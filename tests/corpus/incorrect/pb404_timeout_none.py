"""Crawler that passes `timeout=None`, which aiohttp treats as 'use the 300 s default'."""

import asyncio

from aiohttp import ClientSession


async def fetch_title(session: ClientSession, url: str) -> str:
    async with session.get(url) as response:
        html = await response.text()
    start = html.find("<title>") + len("<title>")
    return html[start : html.find("</title>")]


async def main(urls: list[str]) -> None:
    async with ClientSession(timeout=None) as session:
        for url in urls:
            print(url, await fetch_title(session, url))


if __name__ == "__main__":
    asyncio.run(main(["https://example.com"]))
