"""JSON serialized by Pydantic from the return type: no custom response class."""

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI()


class Product(BaseModel):
    sku: str
    price_cents: int


CATALOGUE = [Product(sku="A-1", price_cents=1299), Product(sku="B-2", price_cents=499)]


@app.get("/products")
async def list_products() -> list[Product]:
    return CATALOGUE


@app.get("/legacy/products", response_model=list[Product])
async def legacy_products() -> list[dict[str, object]]:
    return [product.model_dump() for product in CATALOGUE]


@app.get("/teapot")
async def teapot() -> JSONResponse:
    return JSONResponse(status_code=418, content={"detail": "I'm a teapot"})
