"""Tasks of other apps on "Việc của tôi" (the resolution items are the page's own).

resolutions imports none of the apps above it, so they register a provider here from their AppConfig.ready:
a function of (person id, today) returning that person's open tasks as `Task`s in a fixed number of
queries (oversight: the recommendations of concluded inspections assigned to them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass
class Task:
    kind: str | Promise  # what it is, e.g. "Inspection recommendation"
    text: str
    url: str
    org_name: str
    deadline: dt.date
    source: str = ""  # what it comes from, e.g. the inspection's title
    status: str = "open"
    days_left: int = 0
    days_late: int = 0


Provider = Callable[[int, dt.date], list[Task]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def tasks_of(person_id: int, today: dt.date) -> list[Task]:
    """Every registered provider's open tasks for the person, soonest deadline first, with their days
    left (negative when past) and days late."""
    tasks = [task for provider in _providers for task in provider(person_id, today)]
    for task in tasks:
        task.days_left = (task.deadline - today).days
        task.days_late = max(0, -task.days_left)
    return sorted(tasks, key=lambda t: (t.deadline, str(t.kind), t.url))
