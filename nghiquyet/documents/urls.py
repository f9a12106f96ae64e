from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("archive/", views.archive_list, name="archive"),
    path("archive/<int:pk>/", views.archived_detail, name="archived"),
    path("archive/<int:pk>/file.<str:fmt>", views.archived_file, name="archived_file"),
]
