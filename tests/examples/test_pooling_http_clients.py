"""Claims of rules/pooling-http-clients.md, against an HTTP server started on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import aiohttp
import httpx2
import pytest
from fastapi.testclient import TestClient

RULE = "pooling-http-clients"


@dataclass
class Upstream:
    url: str
    slow_arrived: threading.Event = field(default_factory=threading.Event)
    release_slow: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    """A local JSON service: /latest, /users/<id>; /users/0 holds its body until released."""
    state = Upstream(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/latest":
                body = {"EUR": 1.0}
            elif self.path.startswith("/users/"):
                body = {"id": int(self.path.rsplit("/", 1)[1])}
            else:
                self.send_error(404)
                return
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if body.get("id") == 0:  # headers sent, body held back: the connection stays busy
                self.wfile.flush()
                state.slow_arrived.set()
                state.release_slow.wait(10)
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        state.release_slow.set()
        server.shutdown()
        server.server_close()


def load(load_rule, upstream: Upstream):
    return load_rule(RULE, RATES_URL=f"{upstream.url}/latest", PROFILES_URL=upstream.url)


def test_routes_reuse_the_lifespan_clients(load_rule, upstream):
    rule = load(load_rule, upstream)
    with TestClient(rule.app) as client:
        assert client.get("/rates").json() == {"EUR": 1.0}
        assert client.get("/profiles/7").json() == {"id": 7}
        assert client.get("/profiles/8").json() == {"id": 8}


def test_lifespan_configures_and_closes_both_clients(load_rule, upstream):
    rule = load(load_rule, upstream)

    async def scenario() -> tuple[aiohttp.ClientSession, httpx2.AsyncClient]:
        async with rule.lifespan(rule.app) as state:
            http, profiles = state["http"], state["profiles"]
            assert (http.connector.limit, http.connector.limit_per_host) == (100, 20)
            assert (http.timeout.total, http.timeout.connect) == (10, 2)
            assert profiles.timeout.pool == 1.0
            assert not http.closed and not profiles.is_closed
        return http, profiles

    http, profiles = asyncio.run(scenario())
    assert http.closed
    assert profiles.is_closed


def test_pool_timeout_becomes_503(load_rule, upstream):
    rule = load(load_rule, upstream)
    rule.PROFILES_LIMITS = httpx2.Limits(max_connections=1)  # one connection to exhaust
    rule.PROFILES_TIMEOUT = httpx2.Timeout(5.0, pool=0.05)
    with TestClient(rule.app) as client, ThreadPoolExecutor(1) as executor:
        slow = executor.submit(client.get, "/profiles/0")  # holds the only connection
        assert upstream.slow_arrived.wait(5)
        busy = client.get("/profiles/1")
        upstream.release_slow.set()
        assert slow.result(10).json() == {"id": 0}
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"


def test_unreachable_upstream_becomes_502(load_rule, upstream):
    rule = load_rule(RULE, RATES_URL="http://127.0.0.1:9/latest", PROFILES_URL=upstream.url)
    with TestClient(rule.app) as client:
        response = client.get("/rates")
    assert response.status_code == 502


def test_aiohttp_session_outside_a_running_loop_raises():
    with pytest.raises(RuntimeError, match="no running event loop"):
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))


def test_library_defaults_the_rule_quotes():
    async def aiohttp_defaults() -> tuple[object, ...]:
        connector = aiohttp.TCPConnector()
        async with aiohttp.ClientSession(connector=connector) as session:  # default timeout
            timeout = session.timeout
            return connector.limit, connector.limit_per_host, timeout.total, timeout.sock_connect

    assert asyncio.run(aiohttp_defaults()) == (100, 0, 300, 30)
    assert aiohttp.ClientTimeout().total is None  # no limit at all

    async def httpx_defaults() -> tuple[object, ...]:
        async with httpx2.AsyncClient() as client:
            pool = client._transport._pool
            return pool._max_connections, pool._max_keepalive_connections, client.timeout.pool

    assert asyncio.run(httpx_defaults()) == (100, 20, 5.0)


def test_aiohttp_connect_timeout_covers_waiting_for_a_free_slot(upstream):
    async def scenario() -> None:
        connector = aiohttp.TCPConnector(limit=1)
        timeout = aiohttp.ClientTimeout(total=5, connect=0.05)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            async with session.get(f"{upstream.url}/users/0"):  # holds the only slot
                with pytest.raises(aiohttp.ConnectionTimeoutError):
                    await session.get(f"{upstream.url}/users/1")
                upstream.release_slow.set()

    asyncio.run(scenario())
