from fastapi import FastAPI, Path, Query

app = FastAPI()


@app.get("/users/{user_id}/orders")
async def user_orders(
    user_id: int = Path(..., ge=1),
    status: str | None = Query(None, pattern="^(open|paid|shipped)$"),
    limit: int = Query(20, le=100),
) -> dict[str, object]:
    return {"user": user_id, "status": status, "limit": limit}
