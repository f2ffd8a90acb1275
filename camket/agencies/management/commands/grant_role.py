from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from camket.agencies import actions
from camket.agencies.models import Agency, Membership


def find_user_and_agency(username: str, agency_code: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise CommandError(f"No agency with code {agency_code!r}.")
    return user, agency


class Command(BaseCommand):
    help = "Give a user a role in an agency (audited as membership.granted)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("agency", help="agency code, e.g. bct")
        parser.add_argument("role", choices=Membership.Role.values)

    def handle(self, *args, username, agency, role, **options):
        user, agency_row = find_user_and_agency(username, agency)
        actions.grant_role(user=user, agency=agency_row, role=role, acting_user=None)
        self.stdout.write(f"{username}: {role} in {agency}")
