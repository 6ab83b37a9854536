import requests


class PaymentsGateway:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.session = requests.Session()

    async def charge(self, customer_id: str, amount_cents: int) -> dict:
        response = self.session.post(
            f"{self.base_url}/charges",
            json={"customer": customer_id, "amount": amount_cents},
            timeout=10,
        )
        return response.json()
