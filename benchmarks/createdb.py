"""`python -m benchmarks.createdb URL`: the benchmark's PostgreSQL database, created when missing.

`make bench` runs it first, so that on a fresh machine the benchmark sets itself up instead of a connection
pool retrying "database does not exist" forever; a server that cannot be reached stops it at once, with
the address tried.
"""

from __future__ import annotations

import sys

import dj_database_url
import psycopg
from psycopg import sql


def ensure(url: str) -> str:
    """Create the database of `url` when it does not exist; say what was done."""
    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return f"{url}: not PostgreSQL, nothing to create"
    name = config["NAME"]
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "connect_timeout": 10,
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return f"database {name} exists"
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return f"database {name} created"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m benchmarks.createdb postgres://user@host:5432/name", file=sys.stderr)
        return 2
    try:
        print(ensure(argv[0]))
    except psycopg.Error as error:
        print(
            f"make bench: cannot reach PostgreSQL for {argv[0]}: {error}\n"
            "Start the server, or set DATABASE_URL to one that runs.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
