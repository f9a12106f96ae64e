"""The domain's fixtures, for the events that reach the inbox: G1's committee of nine and its December
meeting (meetings), a draft resolution of that meeting (resolutions), the bloc's Standing Committee
(oversight)."""

from nghiquyet.meetings.tests.conftest import committee, meeting  # noqa: F401  (fixtures)
from nghiquyet.oversight.tests.conftest import standing  # noqa: F401  (fixture)
from nghiquyet.resolutions.tests.conftest import adopted_meeting, day_after_meeting, draft  # noqa: F401  (fixtures)
