"""Password forms whose save goes through the audited ``agencies.actions.set_password``."""

from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm

from camket.agencies import actions


class AuditedPasswordChangeForm(PasswordChangeForm):
    """A signed-in user changing their own password."""

    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return actions.set_password(self.user, password, acting_user=self.user)


class AuditedSetPasswordForm(SetPasswordForm):
    """A password set through the e-mailed reset link: the account's owner acts."""

    def save(self, commit=True):
        password = self.cleaned_data["new_password1"]
        return actions.reset_forgotten_password(self.user, password)
