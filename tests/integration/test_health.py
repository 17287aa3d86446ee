import json

import pytest


@pytest.mark.django_db
def test_healthz_reports_postgres_redis_and_broker_ok(client, postgres, redis_url):
    response = client.get("/healthz")
    checks = json.loads(response.content)["checks"]
    assert response.status_code == 200
    assert {name: (checks[name]["ok"], checks[name]["detail"]) for name in ("database", "cache", "broker")} == {
        "database": (True, "postgresql"),
        "cache": (True, "RedisCache"),
        "broker": (True, "reachable"),
    }
