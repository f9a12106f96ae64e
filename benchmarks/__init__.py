"""The benchmarks (docs/performance.md), not tests and not product code: kept outside the `nghiquyet` package.

`make bench`, the web load benchmark of issue #8, is `manage.py bench` under `benchmarks.settings` (the
product's settings with this app and the bare view added; benchmarks/management/commands/bench.py):

- `people`: bench accounts for real people of the seeded city — committee members in charge of open
  items, and upper-level officers of the bloc — all named `bench-…`, sharing `PASSWORD`, and removed
  again with `manage.py bench --remove-users` (with the progress reports they posted);
- `driver`: the load driver, run as a second process (`python -m benchmarks.driver`): asyncio and
  httpx, one client (cookie jar) per simulated user, logging in through the login form;
- `stats`: latency percentiles and throughput (no Django: the driver imports it);
- `handsql`: the bloc dashboard's figures computed by one hand-written PostgreSQL statement, compared row
  by row with `oversight.dashboard.compute` and timed against it;
- `report`: the results as text, as JSON under var/bench/, and as the sections of docs/performance.md;
- `views.bare`: the bare Django view the pages are compared with, mounted at /bench/bare/ by
  `benchmarks.urls`, the URLs of the benchmark's server only (`benchmarks.settings`), never of the product.

Two more, run on their own: `python -m benchmarks.search` (search at city scale on PostgreSQL) and
`python -m benchmarks.similarity` (the similarity checks).
"""
