"""Reading the API in tests."""

API = "/api/v1"


def get(client, path: str, **headers):
    return client.get(API + path, headers=headers)


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]
