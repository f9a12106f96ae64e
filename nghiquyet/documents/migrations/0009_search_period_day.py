"""Search entries say the day of their record for a former upper level's period (R40; filled by
`manage.py reindex`, empty until then: no past period finds them), and the archive and the index follow
the organizations a reorganization moved before this change: each row's `org_path` becomes its
organization's path today (documents.placement)."""

from django.db import migrations, models


def follow_tree(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    ArchivedDocument = apps.get_model("documents", "ArchivedDocument")
    SearchEntry = apps.get_model("documents", "SearchEntry")
    paths = dict(Organization.objects.values_list("pk", "path"))
    for model in (ArchivedDocument, SearchEntry):
        stored = model.objects.order_by().values_list("org_id", "org_path").distinct()
        for org_id, path in list(stored):
            if org_id in paths and paths[org_id] != path:
                # The historical model has the plain manager: the archive's rule is in its queryset.
                model.objects.filter(org_id=org_id).exclude(org_path=paths[org_id]).update(org_path=paths[org_id])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_signed_copy_per_signer"),
        ("orgs", "0004_initial_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="period_day",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(follow_tree, migrations.RunPython.noop),
    ]
