"""An async endpoint that queries through a sync Session: every query blocks the event loop."""

from fastapi import FastAPI, HTTPException
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from .models import Invoice

engine = create_engine("postgresql+psycopg://billing@localhost/billing")
app = FastAPI()


@app.get("/invoices/{number}")
async def read_invoice(number: str) -> dict[str, str]:
    with Session(engine) as session:
        invoice = session.scalars(select(Invoice).where(Invoice.number == number)).first()
    if invoice is None:
        raise HTTPException(status_code=404, detail="invoice not found")
    return {"number": invoice.number, "status": invoice.status}
