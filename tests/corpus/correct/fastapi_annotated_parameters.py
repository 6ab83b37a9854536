"""Query, path, header and cookie parameters declared with Annotated."""

from typing import Annotated

from fastapi import Cookie, FastAPI, Header, Path, Query
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    id: int
    name: str


ITEMS = {1: Item(id=1, name="hammer"), 2: Item(id=2, name="saw")}


@app.get("/items/")
async def list_items(
    q: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[Item]:
    items = [item for item in ITEMS.values() if q is None or q in item.name]
    return items[:limit]


@app.get("/items/{item_id}")
async def read_item(
    item_id: Annotated[int, Path(title="The ID of the item", ge=1)],
    user_agent: Annotated[str | None, Header()] = None,
    session_id: Annotated[str | None, Cookie()] = None,
) -> Item:
    return ITEMS[item_id]
