from django.urls import path

from .views import (
    dashboard,
    difficulties,
    guidance,
    home,
    inspections,
    programs,
    recognition,
    reports,
    sharing,
    training,
)

app_name = "oversight"
urlpatterns = [
    path("", home.home, name="home"),
    # The bloc dashboard (R31)
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/xlsx/", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard/<str:code>/", dashboard.dashboard_org, name="dashboard_org"),
    # Periodic reports of the scheme (R31, R35)
    path("reports/", reports.report_list, name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path("reports/<int:pk>/refresh/", reports.report_refresh, name="report_refresh"),
    path("reports/<int:pk>/issue/", reports.report_issue, name="report_issue"),
    path("reports/<int:pk>/docx/", reports.report_docx, name="report_docx"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    # Orientation (R28)
    path("guidance/", guidance.guidance_list, name="guidance_list"),
    path("guidance/new/", guidance.guidance_create, name="guidance_create"),
    path("guidance/<int:pk>/", guidance.guidance_detail, name="guidance"),
    path("guidance/<int:pk>/edit/", guidance.guidance_edit, name="guidance_edit"),
    path("guidance/<int:pk>/publish/", guidance.guidance_publish, name="guidance_publish"),
    path("guidance/<int:pk>/delete/", guidance.guidance_delete, name="guidance_delete"),
    path("guidance/<int:pk>/documents/", guidance.guidance_document_add, name="guidance_document_add"),
    path("guidance/<int:pk>/documents/<int:file>/", guidance.guidance_document, name="guidance_document"),
    path(
        "guidance/<int:pk>/documents/<int:file>/remove/",
        guidance.guidance_document_remove,
        name="guidance_document_remove",
    ),
    # Concretization (R32)
    path("programs/", programs.request_list, name="request_list"),
    path("programs/new/", programs.request_create, name="request_create"),
    path("programs/<int:pk>/", programs.request_detail, name="request"),
    path("programs/<int:pk>/remind/", programs.request_remind, name="request_remind"),
    path("programs/<int:pk>/submit/<str:code>/", programs.request_submit, name="request_submit"),
    path("programs/submissions/<int:pk>/", programs.submission_detail, name="submission"),
    path("programs/submissions/<int:pk>/file/", programs.submission_file, name="submission_file"),
    # Inspection and supervision (R25, R33)
    path("inspections/", inspections.plan_list, name="plan_list"),
    path("inspections/new/", inspections.plan_create, name="plan_create"),
    path("inspections/report/", inspections.inspection_report, name="inspection_report"),
    path("inspections/<int:pk>/", inspections.plan_detail, name="plan"),
    path("inspections/<int:pk>/edit/", inspections.plan_edit, name="plan_edit"),
    path("inspections/<int:pk>/records/new/", inspections.record_open, name="record_open"),
    path("inspections/records/", inspections.record_list, name="record_list"),
    path("inspections/records/<int:pk>/", inspections.record_detail, name="record"),
    path("inspections/records/<int:pk>/edit/", inspections.record_edit, name="record_edit"),
    path("inspections/records/<int:pk>/conclude/", inspections.record_conclude, name="record_conclude"),
    path(
        "inspections/records/<int:pk>/conclusion.<str:fmt>",
        inspections.record_document,
        name="record_document",
    ),
    path(
        "inspections/records/<int:pk>/recommendations/",
        inspections.recommendation_add,
        name="recommendation_add",
    ),
    path("recommendations/", inspections.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/done/", inspections.recommendation_done, name="recommendation_done"),
    path("recommendations/<int:pk>/remove/", inspections.recommendation_remove, name="recommendation_remove"),
    # Difficulties (R34)
    path("difficulties/", difficulties.difficulty_list, name="difficulty_list"),
    path("difficulties/new/", difficulties.difficulty_create, name="difficulty_create"),
    path("difficulties/<int:pk>/", difficulties.difficulty_detail, name="difficulty"),
    path("difficulties/<int:pk>/assign/", difficulties.difficulty_assign, name="difficulty_assign"),
    path("difficulties/<int:pk>/answer/", difficulties.difficulty_answer, name="difficulty_answer"),
    path("difficulties/<int:pk>/close/", difficulties.difficulty_close, name="difficulty_close"),
    # Training (R36)
    path("training/", training.course_list, name="course_list"),
    path("training/new/", training.course_create, name="course_create"),
    path("training/coverage/", training.coverage, name="coverage"),
    path("training/<int:pk>/", training.course_detail, name="course"),
    path("training/<int:pk>/trainees/", training.course_attendees, name="course_attendees"),
    path(
        "training/<int:pk>/trainees/<int:attendance>/", training.course_attendance, name="course_attendance"
    ),
    # Recognition (R37)
    path("recognition/", recognition.nomination_list, name="nomination_list"),
    path("recognition/new/", recognition.nomination_create, name="nomination_create"),
    path("recognition/<int:pk>/decide/", recognition.nomination_decide, name="nomination_decide"),
    # Sharing and proposals (R29, R30)
    path("examples/", sharing.example_list, name="example_list"),
    path("examples/share/", sharing.share, name="share"),
    path("examples/<int:pk>/", sharing.example_detail, name="example"),
    path("examples/<int:pk>/withdraw/", sharing.example_withdraw, name="example_withdraw"),
    path("proposals/", sharing.proposal_list, name="proposal_list"),
    path("proposals/new/", sharing.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", sharing.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/answer/", sharing.proposal_answer, name="proposal_answer"),
]
