"""One draft per meeting (R07, #16.7) as a database constraint.

Rows written before the rule may hold several drafts for one meeting. Before the constraint is added, each
such meeting keeps the draft the application has been showing as its draft and sending with the notice
(`resolutions.queries.meeting_draft`: the newest by creation, then by id); the others are detached from the
meeting (`meeting` set to NULL), so no text is lost and the secretary can still open, attach or delete them.
"""

from django.db import migrations, models
from django.db.models import Count

DRAFT = "draft"


def detach_extra_drafts(apps, schema_editor):
    Resolution = apps.get_model("resolutions", "Resolution")
    drafts = Resolution.objects.filter(status=DRAFT, meeting__isnull=False)
    crowded = (
        drafts.values("meeting_id").annotate(n=Count("id")).filter(n__gt=1).values_list("meeting_id", flat=True)
    )
    for meeting_id in sorted(crowded):
        keep, *others = drafts.filter(meeting_id=meeting_id).order_by("-created_at", "-id").values_list(
            "id", flat=True
        )
        Resolution.objects.filter(pk__in=others).update(meeting=None)


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0004_classification"),
    ]

    operations = [
        migrations.RunPython(detach_extra_drafts, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="resolution",
            constraint=models.UniqueConstraint(
                condition=models.Q(("meeting__isnull", False), ("status", "draft")),
                fields=("meeting",),
                name="resolution_one_draft_per_meeting",
            ),
        ),
    ]
