"""Background tasks of resolutions, run by the huey consumer (`manage.py run_huey`)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from nghiquyet.resolutions import services as resolution_services


@db_periodic_task(crontab(hour="7", minute="0"))
@lock_task("resolutions-send-reminders")
def send_reminders_daily() -> dict[str, int]:
    """Every morning at 7:00 (the consumer's clock, huey's `utc` setting): the day's deadline reminders (R23).

    Idempotent like `resolution_services.send_reminders`; the lock keeps two consumers from running it at once.
    """
    return resolution_services.send_reminders()
