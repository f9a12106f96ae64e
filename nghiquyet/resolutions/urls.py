from django.urls import path

from .views import documents, drafting, progress, review

app_name = "resolutions"
urlpatterns = [
    # Drafting, versions, issuance, corrections, plans (R15-R22, R24)
    path("org/<str:code>/", drafting.resolution_list, name="list"),
    path("org/<str:code>/new/", drafting.create, name="create"),
    path("<int:pk>/", drafting.detail, name="resolution"),
    path("<int:pk>/edit/", drafting.edit, name="edit"),
    path("<int:pk>/items/new/", drafting.item_form, name="item_add"),
    path("<int:pk>/items/<int:item>/edit/", drafting.item_form, name="item_edit"),
    path("<int:pk>/items/<int:item>/delete/", drafting.item_delete, name="item_delete"),
    path("<int:pk>/versions/", drafting.versions, name="versions"),
    path("<int:pk>/issue/", drafting.issue, name="issue"),
    path("<int:pk>/correct/", drafting.correct, name="correct"),
    path("<int:pk>/plans/<str:kind>/", drafting.plan, name="plan"),
    path("<int:pk>/document.<str:fmt>", documents.resolution_file, name="document"),
    path("<int:pk>/plans/<str:kind>/document.<str:fmt>", documents.plan_file, name="plan_document"),
    # Carrying it out (R23, R25, R26)
    path("mine/", progress.my_work, name="mine"),
    path("org/<str:code>/board/", progress.board, name="board"),
    path("items/<int:pk>/", progress.item_detail, name="item"),
    path("items/<int:pk>/progress/", progress.report_progress, name="progress"),
    path("items/<int:pk>/difficulty/", progress.report_difficulty, name="difficulty"),
    path("difficulties/<int:pk>/answer/", progress.answer_difficulty, name="answer"),
    path("items/<int:pk>/confirm/", progress.confirm, name="confirm"),
    path("items/<int:pk>/send-back/", progress.send_back, name="send_back"),
    path("items/<int:pk>/urge/", progress.urge, name="urge"),
    path("items/<int:pk>/evidence/<int:file>/", progress.evidence, name="evidence"),
    # Review (R09, R25, R27, R35)
    path("meeting/<int:meeting>/review/", review.meeting_review, name="meeting_review"),
    path("<int:pk>/close/", review.close, name="close"),
    path("org/<str:code>/annual/<int:year>/", review.annual, name="annual"),
]
