"""Signals of the meeting cycle, for the apps above `meetings` that may not be imported from here.

`indicators_computed` is sent by `services.compute_indicators` once a meeting's indicators are stored,
with `meeting` and `indicators`: the resolutions app stores the meeting's quality score then (#7), since
scoring reads resolution-level rules that `meetings` does not know.
"""

from django.dispatch import Signal

indicators_computed = Signal()
