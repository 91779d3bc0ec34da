import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale import ScaleError, build_scale_dataset


class Command(BaseCommand):
    help = (
        "Add the made-up scale dataset for measuring (bench/scale): at --scale 1, about 2,000 "
        "workshops, 8,000 sessions, 100,000 participants, 300,000 registrations and 1,000,000 "
        "attendance rows. Needs the offices of seed_demo; refuses to load twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="Multiplies every count.")
        parser.add_argument("--seed", type=int, default=16, help="Random seed (deterministic).")

    def handle(self, *args, scale: float, seed: int, **options) -> None:
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        started = time.monotonic()
        try:
            report = build_scale_dataset(scale=scale, seed=seed)
        except ScaleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Scale dataset loaded in {time.monotonic() - started:.0f} s: "
            f"{report.workshops:,} workshops, {report.sessions:,} sessions, "
            f"{report.participants:,} participants, {report.registrations:,} registrations, "
            f"{report.attendance:,} attendance rows."
        )
