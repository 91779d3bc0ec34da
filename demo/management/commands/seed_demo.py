from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from demo.seeder import DemoSeeder


class Command(BaseCommand):
    help = (
        "Load the demo data: the seed's real workshops, partners, offices and countries, a few "
        "made-up upcoming workshops, made-up participants, and one login per demo role. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        report = DemoSeeder().run()
        created = ", ".join(f"{count} {label}" for label, count in report.created.items() if count)
        self.stdout.write(f"Demo data loaded ({created or 'nothing new'}).")
        for login in report.logins:
            self.stdout.write(
                f"login: {login.username} password: {login.password} ({login.role}, {login.office})"
            )
        for token in report.tokens:
            self.stdout.write(
                f"api-token: {token.secret} ({' '.join(token.scopes)}, {token.office})"
            )
        for demo in report.credentials:
            me = f"{settings.SITE_URL}{reverse('me:page', args=[demo.token])}"
            self.stdout.write(
                f"certificate: {me}certificate.pdf credential: {me}credential.json "
                f"({demo.name}, {demo.workshop})"
            )
