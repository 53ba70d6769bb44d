import os

import psycopg
import pytest
import redis

SCHEMA = "atelier_scaleout"


@pytest.fixture
def postgres_url():
    """A fresh schema in the real PostgreSQL; the test fails if it is down."""
    url = os.environ.get("ATELIER_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("set ATELIER_TEST_POSTGRES_URL to run against PostgreSQL")
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3D{SCHEMA}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


@pytest.fixture
def redis_url():
    url = os.environ.get("ATELIER_TEST_REDIS_URL")
    if not url:
        pytest.skip("set ATELIER_TEST_REDIS_URL to run against Redis")
    redis.Redis.from_url(url).ping()
    return url
