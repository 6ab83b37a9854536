"""Metrics pusher whose `ClientTimeout()` leaves every limit unset: it can wait forever."""

import aiohttp as ah


class MetricsPusher:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session: ah.ClientSession | None = None

    async def __aenter__(self) -> "MetricsPusher":
        self.session = ah.ClientSession(timeout=ah.ClientTimeout())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self.session is not None:
            await self.session.close()

    async def push(self, samples: dict[str, float]) -> None:
        assert self.session is not None
        async with self.session.post(self.endpoint, json=samples) as response:
            response.raise_for_status()
