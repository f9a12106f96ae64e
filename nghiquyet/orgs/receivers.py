"""Keeping an organization's open version in step with edits made outside a reorganization (the admin, a
correction of a misspelt name): such an edit corrects the current span, it does not start a new one.

Connected in `OrgsConfig.ready()`. Reorganizations write their versions themselves
(`orgs.services.reorganization`), before saving the organization, so this finds nothing to do.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Organization, OrganizationVersion

TRACKED = ("name", "kind", "issuer_code", "parent_id", "path")


@receiver(post_save, sender=Organization, dispatch_uid="orgs.follow_current_version")
def follow_current_version(sender, instance: Organization, created: bool, raw: bool = False, **kwargs):
    if raw:
        return
    if created:
        OrganizationVersion.objects.create(
            org=instance, valid_from=instance.active_from, **{f: getattr(instance, f) for f in TRACKED}
        )
        return
    current = OrganizationVersion.objects.filter(org=instance, valid_to__isnull=True).order_by("-id").first()
    if current is None:
        return
    changed = [f for f in TRACKED if getattr(current, f) != getattr(instance, f)]
    if changed:
        for f in changed:
            setattr(current, f, getattr(instance, f))
        current.save(update_fields=[f for f in changed])
