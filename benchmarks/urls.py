"""The product's URLs and the yardstick of `make bench`: the cheapest answer through the same middleware."""

from django.urls import path

from nghiquyet.urls import urlpatterns as product

from .views import bare

urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product]
