"""Two-factor sign-in for the secretariat, with django-otp and django-two-factor-auth.

The password is checked by the admin's own sign-in page (django-axes counts its failures).
A staff session that has not passed the second factor gets no admin page: it is sent to
the second-factor step, or, at the first sign-in, to enrol an authenticator app (TOTP)
and then to print one-time recovery codes. API tokens are not concerned.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.forms import OTPTokenForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.views import LoginView


class SecretariatAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_active and user.is_staff and not user.is_verified():
            step = "second-factor" if has_device(user) else "two_factor:setup"
            next_url = request.GET.get("next") or reverse("admin:index")
            return redirect_to_login(next_url, reverse(step))
        return super().login(request, extra_context)


def has_device(user):
    return any(True for _ in devices_for_user(user, confirmed=True))


class SecondFactorForm(OTPTokenForm):
    """One field: a six-digit code goes to the authenticator app, anything else is tried
    as a recovery code."""

    def __init__(self, user, request=None, *args, data=None, **kwargs):
        if data is not None and not data.get("otp_device"):
            token = data.get("otp_token", "").strip()
            kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
            device = next(
                (d for d in devices_for_user(user, confirmed=True) if isinstance(d, kind)), None
            )
            data = data.copy()
            data["otp_device"] = device.persistent_id if device else ""
        super().__init__(user, request, *args, data=data, **kwargs)


class SecondFactorView(LoginView):
    """The code from the authenticator app, or a recovery code, for a signed-in user."""

    template_name = "registration/second_factor.html"
    otp_token_form = SecondFactorForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)
