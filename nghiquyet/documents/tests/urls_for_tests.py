"""The project's URLs plus the document downloads of resolutions and meetings, as their urls modules
will list them (the lines are given to their owners): tests use this with @pytest.mark.urls."""

from django.urls import include, path

from nghiquyet.meetings import urls as meeting_urls
from nghiquyet.meetings.views import documents as meeting_documents
from nghiquyet.resolutions import urls as resolution_urls
from nghiquyet.resolutions.views import documents as resolution_documents
from nghiquyet.urls import urlpatterns as project_urlpatterns

RESOLUTION_DOCUMENTS = [
    path("<int:pk>/document.<str:fmt>", resolution_documents.resolution_file, name="document"),
    path(
        "<int:pk>/plans/<str:kind>/document.<str:fmt>", resolution_documents.plan_file, name="plan_document"
    ),
]
MEETING_DOCUMENTS = [
    path("<int:pk>/notice/document.<str:fmt>", meeting_documents.notice_file, name="notice_document"),
    path("<int:pk>/minutes/document.<str:fmt>", meeting_documents.minutes_file, name="minutes_document"),
]

_replaced = {
    "resolutions/": (resolution_urls, RESOLUTION_DOCUMENTS),
    "meetings/": (meeting_urls, MEETING_DOCUMENTS),
}
urlpatterns = [
    path("resolutions/", include((resolution_urls.urlpatterns + RESOLUTION_DOCUMENTS, "resolutions"))),
    path("meetings/", include((meeting_urls.urlpatterns + MEETING_DOCUMENTS, "meetings"))),
    *[p for p in project_urlpatterns if str(p.pattern) not in _replaced],
]
