"""SKILL.md's quick start runs as written: one engine, a session per request, the pool closed on shutdown."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_quick_start_serves_and_disposes_its_pool(load_rule, db_url: str) -> None:
    module = load_rule("SKILL.md", DATABASE_URL=db_url)
    assert module.engine.url.render_as_string() == db_url
    with TestClient(module.app) as client:
        response = client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
        pool = module.engine.pool
        assert pool.checkedout() == 0  # the dependency returned its connection...
        assert pool.checkedin() == 1  # ...to the pool, which keeps it for the next request
    # The lifespan disposed of the engine: the pool's connections are closed and the pool replaced.
    assert pool.checkedin() == 0
    assert module.engine.pool is not pool
    assert module.SessionFactory.kw["expire_on_commit"] is False
