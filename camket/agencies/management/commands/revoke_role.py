from django.core.management.base import BaseCommand, CommandError

from camket.agencies import actions
from camket.agencies.management.commands.grant_role import find_user_and_agency
from camket.agencies.models import Membership


class Command(BaseCommand):
    help = "Take a role in an agency away from a user (audited as membership.revoked)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("agency", help="agency code, e.g. bct")
        parser.add_argument("role", choices=Membership.Role.values)

    def handle(self, *args, username, agency, role, **options):
        user, agency_row = find_user_and_agency(username, agency)
        membership = Membership.objects.filter(user=user, agency=agency_row, role=role).first()
        if membership is None:
            raise CommandError(f"{username} holds no {role} role in {agency}.")
        actions.revoke_role(membership, acting_user=None)
        self.stdout.write(f"{username}: {role} in {agency} revoked")
