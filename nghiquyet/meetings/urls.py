from django.urls import path

from .views import calendar, documents, prep, record

app_name = "meetings"
urlpatterns = [
    # Calendar, regulation and programs of an organization (R04, R05)
    path("org/<str:code>/", calendar.meeting_list, name="list"),
    path("org/<str:code>/calendar/", calendar.month_calendar, name="calendar"),
    path("org/<str:code>/regulation/", calendar.regulation, name="regulation"),
    path("org/<str:code>/generate/", calendar.generate, name="generate"),
    path("org/<str:code>/new/", calendar.add_meeting, name="add"),
    path("org/<str:code>/programs/", calendar.programs, name="programs"),
    path("programs/<int:pk>/", calendar.program_detail, name="program"),
    path("mine/", calendar.my_meetings, name="mine"),
    path("ical/<str:token>.ics", calendar.ical_feed, name="ical"),
    # Preparation and notice (R06-R08, R11 before the meeting)
    path("<int:pk>/", prep.meeting_detail, name="meeting"),
    path("<int:pk>/prepare/", prep.prepare, name="prepare"),
    path("<int:pk>/documents/", prep.upload_document, name="upload"),
    path("<int:pk>/documents/<int:doc>/", prep.download_document, name="document"),
    path("<int:pk>/documents/<int:doc>/remove/", prep.remove_document, name="document_remove"),
    path("<int:pk>/notice/", prep.send_notice, name="notice"),
    path("<int:pk>/opinions/", prep.add_opinion, name="opinion"),
    # The meeting record, vote and minutes (R09-R14)
    path("<int:pk>/record/", record.record, name="record"),
    path("<int:pk>/record/attendance/", record.attendance, name="attendance"),
    path("<int:pk>/record/section/", record.section, name="section"),
    path("<int:pk>/record/opinion/", record.opinion, name="spoken"),
    path("<int:pk>/record/vote/", record.vote, name="vote"),
    path("<int:pk>/minutes/", record.minutes, name="minutes"),
    path("<int:pk>/minutes/sign/", record.sign, name="sign"),
    # Official documents (DOCX, PDF when LibreOffice is installed)
    path("<int:pk>/notice/document.<str:fmt>", documents.notice_file, name="notice_document"),
    path("<int:pk>/minutes/document.<str:fmt>", documents.minutes_file, name="minutes_document"),
]
