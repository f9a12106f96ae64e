from django.urls import path

from . import signing_views, views

app_name = "documents"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive_list, name="archive"),
    path("archive/<int:pk>/", views.archived_detail, name="archived"),
    path("archive/<int:pk>/file.<str:fmt>", views.archived_file, name="archived_file"),
    path("archive/<int:pk>/sign/", signing_views.sign, name="sign"),
    path("verify/", signing_views.verify, name="verify"),
]
