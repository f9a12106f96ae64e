"""Every organization that exists before the history does gets its first version: as it is now, from the
day it became active (or since before the records begin), until further notice (R39)."""

from django.db import migrations

FIELDS = ("name", "kind", "issuer_code", "parent_id", "path")


def forwards(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    OrganizationVersion = apps.get_model("orgs", "OrganizationVersion")
    have = set(OrganizationVersion.objects.values_list("org_id", flat=True))
    batch = []
    for org in Organization.objects.order_by("pk").iterator(chunk_size=2000):
        if org.pk in have:
            continue
        batch.append(
            OrganizationVersion(
                org_id=org.pk,
                valid_from=org.active_from,
                valid_to=org.active_to,
                **{f: getattr(org, f) for f in FIELDS},
            )
        )
        if len(batch) >= 2000:
            OrganizationVersion.objects.bulk_create(batch)
            batch = []
    OrganizationVersion.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    apps.get_model("orgs", "OrganizationVersion").objects.filter(opened_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_organization_history")]
    operations = [migrations.RunPython(forwards, backwards)]
