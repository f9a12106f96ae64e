"""Load the deterministic demo data (R01–R27) and print the demo logins.

    python manage.py seed_demo [--scale tiny|bloc|city|nation] [--factor N] [--seed N]
                               [--months N | --no-history] [--if-empty | --flush] [--quality]

The registry comes first (orgs.demo), then the meeting history of every grassroots committee
(meetings.demo), then the resolutions those meetings adopted and what became of them (resolutions.demo),
then their quality scores in batches (`refresh_quality`; beyond the bloc only with --quality), then
the search index (`reindex`). The command sits in `demo`, on top of the domain, because it drives them all. The messages are
Vietnamese: this command is the demo loader, run by whoever shows the system.
"""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nghiquyet.demo import districts as districts_demo
from nghiquyet.demo import meetings as meetings_demo
from nghiquyet.demo import registry as demo
from nghiquyet.demo import reorganization as reorganization_demo
from nghiquyet.demo import resolutions as resolutions_demo
from nghiquyet.orgs.models import Organization
from nghiquyet.resolutions import quality_data

# Scales whose quality scores are stored by default (a few seconds); a city takes minutes.
SCORED_SCALES = ("tiny", "bloc")


class Command(BaseCommand):
    help = (
        "Generate the demo bloc (or a city, or the nation) with members, committees, demo logins and "
        "committee meetings and their resolutions from January 2024 to today."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(demo.SCALES), default="bloc")
        parser.add_argument("--factor", type=int, default=1, help="Multiply the scale's sizes.")
        parser.add_argument("--seed", type=int, default=2016)
        history = parser.add_mutually_exclusive_group()
        history.add_argument(
            "--months",
            type=int,
            default=None,
            help="Months of meeting history before the current one (default: from January 2024).",
        )
        history.add_argument(
            "--no-history",
            action="store_true",
            help="Generate the registry only, no meetings nor resolutions (the city's history takes minutes).",
        )
        when_data = parser.add_mutually_exclusive_group()
        when_data.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organizations exist; print the logins."
        )
        when_data.add_argument(
            "--flush", action="store_true", help="Delete the application's data first, then generate."
        )
        parser.add_argument(
            "--quality",
            action="store_true",
            help="Store the quality scores beyond the bloc too (always done for tiny and bloc).",
        )

    def handle(self, *args, **options):
        if options["factor"] < 1:
            raise CommandError("--factor phải là số nguyên dương.")
        if options["months"] is not None and options["months"] < 1:
            raise CommandError("--months phải là số nguyên dương.")
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu tổ chức: bỏ qua việc tạo dữ liệu mẫu.")
                self._print_logins(demo.demo_logins())
                return
            if not options["flush"]:
                raise CommandError(
                    "Cơ sở dữ liệu đã có dữ liệu tổ chức. Dùng --flush để xóa và tạo lại, "
                    "hoặc --if-empty để bỏ qua."
                )
            self.stdout.write("Đang xóa dữ liệu cũ…")
            demo.flush()
        sizes = demo.SCALES[options["scale"]].scaled(options["factor"])
        try:
            demo.generate(sizes, seed=options["seed"], stdout=self.stdout)
        except ValueError as error:
            raise CommandError(f"Không tạo được dữ liệu với các kích thước này: {error}") from error
        # The 2025 reorganization (R39), before the meeting history, which then runs under the new tree: the
        # bloc's organizations pass to the two committees founded on 7 February 2025 and the bloc ends; at
        # the city scale, whose 2025 is the end of the district level, only a sample moves.
        reorganization_demo.transfer_2025(
            demo.BLOC_CODE, stdout=self.stdout, whole=options["scale"] not in districts_demo.SCALES
        )
        districts_demo.district_level_2025(options["scale"], demo.BLOC_CODE, stdout=self.stdout)
        if not options["no_history"]:
            # One day for both: the resolutions continue the history up to the same today.
            today = timezone.localdate()
            months = options["months"] or meetings_demo.months_since(meetings_demo.HISTORY_FROM, today)
            # Scored afterwards in batches, not record by record as they are issued and closed.
            with quality_data.deferred():
                meetings_demo.generate_history(
                    months=months, today=today, seed=options["seed"], stdout=self.stdout
                )
                resolutions_demo.generate_resolutions(today=today, seed=options["seed"], stdout=self.stdout)
            if options["scale"] in SCORED_SCALES or options["quality"]:
                self.stdout.write("Đang tính điểm chất lượng của nghị quyết và hội nghị…")
                call_command("refresh_quality", missing_only=True, stdout=self.stdout)
        # The generators write rows in bulk, not through the services that keep search current: the whole
        # index is built once here, so that every committee's records are found from the first search (#16).
        self.stdout.write("Đang lập chỉ mục tìm kiếm…")
        call_command("reindex", stdout=io.StringIO())
        # The registry's logins and the one the 2025 transfer added.
        self._print_logins(demo.demo_logins())

    def _print_logins(self, logins: list[demo.DemoLogin]) -> None:
        if not logins:
            self.stdout.write("Chưa có tài khoản dùng thử nào.")
            return
        rows = [("Tài khoản", "Mật khẩu", "Là ai"), *((x.username, x.password, x.who) for x in logins)]
        widths = [max(len(r[i]) for r in rows) for i in range(2)]
        self.stdout.write("")
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {demo.DEMO_PASSWORD}):")
        for username, password, who in rows:
            self.stdout.write(f"  {username:<{widths[0]}}  {password:<{widths[1]}}  {who}")
