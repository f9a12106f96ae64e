"""What the resolutions app does when the meetings app below it reports something (it cannot call up).

Connected in `ResolutionsConfig.ready()`.
"""

from django.dispatch import receiver

from nghiquyet.meetings.signals import indicators_computed

from .quality_data import scoring_deferred, store_meeting_score


@receiver(indicators_computed, dispatch_uid="resolutions.store_meeting_quality")
def store_meeting_quality(sender, meeting, indicators, **kwargs):
    """The meeting's quality score (R11, R13), stored with its indicators for the dashboards (#7)."""
    if scoring_deferred():
        return
    indicators.quality_score = store_meeting_score(meeting)
