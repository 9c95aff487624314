"""Signing in and out, two-factor sign-in, your account, people and groups."""

import math
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from django_otp import login as otp_login
from django_otp import match_token

from safeguarding.accounts import queries, services, sign_in_guard
from safeguarding.accounts.forms import (
    MembershipForm,
    PasswordResetRequestForm,
    PersonForm,
    SignInForm,
    TwoFactorCodeForm,
)
from safeguarding.accounts.models import PartnershipGroup, User
from safeguarding.accounts.requests import SignedInPageMixin
from safeguarding.core.query_params import query_text
from safeguarding.core.rate_limits import rate_limit
from safeguarding.core.views import (
    PublicPageMixin,
    RecordFormView,
    RecordHistoryMixin,
    SensitiveRecordMixin,
    StaffPageMixin,
)


def safe_next_url(request: HttpRequest, default: str = "core:staff-home") -> str:
    """The page to return to after signing in, if it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


@method_decorator(
    [
        sensitive_post_parameters("password"),
        never_cache,
        rate_limit("sign_in", key="ip", method="POST"),
    ],
    name="dispatch",
)
class SignInView(PublicPageMixin, FormView[SignInForm]):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(safe_next_url(request))
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        return context

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.refusal is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.refusal.seconds)
        return response

    def form_valid(self, form: SignInForm) -> HttpResponse:
        assert form.user is not None
        login(self.request, form.user)
        # The two-factor middleware takes over from here when a second factor is needed.
        response = redirect(safe_next_url(self.request))
        sign_in_guard.remember_device(self.request, response, form.user.email)
        return response


def locked_out(request: HttpRequest, response: Any, credentials: Any) -> HttpResponse:
    """What django-axes shows once sign-in is locked: a public page, so it has the exit."""
    context = {
        "public_page": True,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


class SignOutView(auth_views.LogoutView):
    """Signing out is a POST (a link could sign people out from another site)."""

    next_page = "core:home"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out")
        return response


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def wait_message(seconds: int) -> str:
    """Why a code was not checked, and for how long: a right code given too soon after
    wrong ones is refused as well, so "not right" would send the person hunting."""
    if seconds < 60:
        how_long = f"{seconds} second{'s' if seconds != 1 else ''}"
    else:
        minutes = math.ceil(seconds / 60)
        how_long = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return (
        f"Too many wrong codes in a row. Wait {how_long}, then enter the code your "
        "app shows at that time"
    )


@method_decorator(never_cache, name="dispatch")
class TwoFactorSetupView(StaffPageMixin, FormView[TwoFactorCodeForm]):
    """Link an authenticator app: scan the code (or type the key), then prove it works."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user: Any = request.user
        if user.is_authenticated and user.has_authenticator():
            return redirect("accounts:two-factor-verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = services.two_factor_device_start(user=self.request.user)  # type: ignore[arg-type]
        key = b32encode(device.bin_key).decode()
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret_key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        user: Any = self.request.user
        wait = queries.two_factor_wait_seconds(user=user, confirmed=False)
        if wait:
            form.add_error("code", wait_message(wait))
            return self.form_invalid(form)
        device = services.two_factor_device_start(user=user)
        if not services.two_factor_device_confirm(
            user=user, device=device, token=form.cleaned_data["code"]
        ):
            form.add_error("code", "The security code is not right. Check the app and try again")
            return self.form_invalid(form)
        otp_login(self.request, device)
        services.sign_in_completed(user=user, how="authenticator app set up")
        messages.success(self.request, "Two-factor sign-in is set up")
        return redirect(safe_next_url(self.request))


@method_decorator(never_cache, name="dispatch")
class TwoFactorVerifyView(StaffPageMixin, FormView[TwoFactorCodeForm]):
    template_name = "accounts/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.GET.get("next", "")
        return context

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        user: Any = self.request.user
        wait = queries.two_factor_wait_seconds(user=user)
        if wait:
            form.add_error("code", wait_message(wait))
            return self.form_invalid(form)
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            services.two_factor_code_refused(user=user)
            form.add_error("code", "The security code is not right. Check the app and try again")
            return self.form_invalid(form)
        otp_login(self.request, device)
        services.sign_in_completed(user=user, how="security code")
        return redirect(safe_next_url(self.request))


class AccountView(StaffPageMixin, TemplateView):
    permission_required = "accounts.change_own_account"
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        context["memberships"] = queries.memberships_of(user=user)
        context["has_two_factor"] = user.has_authenticator()
        return context


class PasswordChangeView(StaffPageMixin, auth_views.PasswordChangeView):
    permission_required = "accounts.change_own_account"
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        update_session_auth_hash(self.request, form.user)
        services.password_changed(actor=form.user)
        messages.success(self.request, "Your password has been changed")
        return response


@method_decorator(rate_limit("password_reset_by_address", key="ip", method="POST"), name="dispatch")
class PasswordResetView(PublicPageMixin, auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link is built from SITE_URL, never from the Host the request came with: a
        # forged Host would otherwise send the person's reset link to an attacker's site.
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return redirect(self.get_success_url())


class PasswordResetSentView(PublicPageMixin, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(PublicPageMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_set_from_link(user=form.user)
        return response


class PasswordResetCompleteView(PublicPageMixin, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PersonListView(StaffPageMixin, ListView[Any]):
    permission_required = "accounts.view_people"
    template_name = "accounts/person_list.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self) -> Any:
        return queries.people_list(text=query_text(self.request, "q"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["q"] = query_text(self.request, "q")
        context["query_string"] = urlencode({"q": context["q"]}) if context["q"] else ""
        return context


class PersonDetailView(SensitiveRecordMixin, RecordHistoryMixin, StaffPageMixin, DetailView[Any]):
    """A person's record. Personal data, so every view is recorded."""

    permission_required = "accounts.view_person"
    template_name = "accounts/person_detail.html"
    history_limit = 30
    context_object_name = "person"

    def get_queryset(self) -> Any:
        return queries.people_with_agency()

    def get_permission_object(self) -> Any:
        return self.get_object()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["memberships"] = queries.memberships_of(user=self.object)
        context["has_two_factor"] = self.object.has_authenticator()
        return context


class PersonFormView(SignedInPageMixin, RecordFormView):
    """Add a person (they are emailed a link to choose a password), or change one."""

    permission_required = "accounts.manage_people"
    template_name = "accounts/person_form.html"
    form_class = PersonForm
    model = User

    def form_valid(self, form: PersonForm) -> HttpResponse:
        person = form.save(commit=False)
        groups = list(form.cleaned_data["groups"])
        if person.pk is None:
            services.person_create(
                actor=self.person,
                person=person,
                groups=groups,
                base_url=settings.SITE_URL,
            )
            messages.success(self.request, f"{person.full_name} added and sent an invitation")
        else:
            services.person_update(actor=self.person, person=person, groups=groups)
            messages.success(self.request, f"{person.full_name}'s details saved")
        return redirect("accounts:person-detail", pk=person.pk)


class PersonTwoFactorResetView(SignedInPageMixin, View):
    permission_required = "accounts.manage_people"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = queries.person_get(pk=pk)
        services.two_factor_reset(actor=self.person, person=person)
        messages.success(
            request, f"{person.full_name} will be asked to set up two-factor sign-in again"
        )
        return redirect("accounts:person-detail", pk=person.pk)


class GroupListView(StaffPageMixin, ListView[Any]):
    permission_required = "accounts.view_groups"
    template_name = "accounts/group_list.html"
    context_object_name = "groups"

    def get_queryset(self) -> Any:
        return queries.groups_list()


class GroupDetailView(RecordHistoryMixin, StaffPageMixin, DetailView[PartnershipGroup]):
    permission_required = "accounts.view_groups"
    template_name = "accounts/group_detail.html"
    context_object_name = "group"
    model = PartnershipGroup

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["memberships"] = queries.group_members(group=self.object)
        context["form"] = kwargs.get("form") or MembershipForm()
        return context


class GroupMemberAddView(SignedInPageMixin, View):
    permission_required = "accounts.manage_groups"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        group = queries.group_get(slug=slug)
        form = MembershipForm(request.POST)
        if not form.is_valid():
            detail = GroupDetailView(request=request, kwargs={"slug": slug}, object=group)
            detail.object = group
            context = detail.get_context_data(form=form)
            return detail.render_to_response(context, status=400)
        person = form.cleaned_data["person"]
        services.membership_add(
            actor=self.person, group=group, person=person, is_chair=form.cleaned_data["is_chair"]
        )
        messages.success(request, f"{person.full_name} is now on {group.name}")
        return redirect("accounts:group-detail", slug=group.slug)


class GroupMemberRemoveView(SignedInPageMixin, View):
    permission_required = "accounts.manage_groups"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        membership = queries.membership_get(group_slug=slug, pk=pk)
        name = membership.user.full_name
        services.membership_remove(actor=self.person, membership=membership)
        messages.success(request, f"{name} has been taken off the group")
        return redirect("accounts:group-detail", slug=slug)
