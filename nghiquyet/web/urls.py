from django.urls import path

from . import bench, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
]
if bench.enabled():
    from .bench.views import bare

    # The yardstick of `make bench` (nghiquyet/web/bench): mounted only on the benchmark's server.
    urlpatterns.append(path("bench/bare/", bare, name="bench_bare"))
