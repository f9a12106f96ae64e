from django.urls import path

from .views import members_xlsx, registry, reorganization, stats

app_name = "orgs"
urlpatterns = [
    path("", registry.org_tree, name="tree"),
    path("stats/qualifications/", stats.qualifications, name="stats"),
    path("stats/qualifications.xlsx", stats.qualifications_xlsx, name="stats_xlsx"),
    path("stats/qualifications.<str:fmt>", stats.qualifications_file, name="stats_file"),
    path("people/<int:pk>/", registry.person_detail, name="person"),
    path("members/template.xlsx", members_xlsx.import_template, name="import_template"),
    path("reorganizations/<int:pk>/", reorganization.report, name="reorganization"),
    path("reorganizations/<int:pk>/decide/", reorganization.decide, name="reorganization_decide"),
    path("<str:code>/", registry.org_detail, name="org"),
    path("<str:code>/reorganize/", reorganization.reorganize, name="reorganize"),
    path("<str:code>/members/", registry.member_list, name="members"),
    path("<str:code>/members/import/", members_xlsx.import_members, name="import"),
    path("<str:code>/members/export.xlsx", members_xlsx.export_members, name="export"),
]
