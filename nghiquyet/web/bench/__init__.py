"""`make bench`: the web load benchmark of issue #8 (docs/performance.md), not a test.

The pieces, run by `manage.py bench` (nghiquyet/web/management/commands/bench.py):

- `people`: bench accounts for real people of the seeded city — committee members in charge of open
  items, and upper-level officers of the bloc — all named `bench-…`, sharing `PASSWORD`, and removed
  again with `manage.py bench --remove-users` (with the progress reports they posted);
- `driver`: the load driver, run as a second process (`python -m nghiquyet.web.bench.driver`): asyncio and
  httpx, one client (cookie jar) per simulated user, logging in through the login form;
- `stats`: latency percentiles and throughput (no Django: the driver imports it);
- `handsql`: the bloc dashboard's figures computed by one hand-written PostgreSQL statement, compared row
  by row with `oversight.dashboard.compute` and timed against it;
- `report`: the results as text, as JSON under var/bench/, and as the sections of docs/performance.md;
- `views.bare`: the bare Django view the pages are compared with, mounted at /bench/bare/ only when the
  environment says NGHIQUYET_BENCH=1 (the benchmark's server), never otherwise.
"""

import os


def enabled() -> bool:
    """The bench's server runs with NGHIQUYET_BENCH=1: only then is the bare view mounted."""
    return os.environ.get("NGHIQUYET_BENCH", "").strip().lower() in {"1", "true", "yes", "on"}
