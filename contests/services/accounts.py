"""Sign-up and e-mail verification (neither answer reveals whether an address has an account), and
where each person's work is after login (``workspaces_for``, ``home_for``).

A sign-up waits as an inactive, never-used account that holds the password hash and name of the
*latest* sign-up for its address. A new sign-up replaces them, which voids every earlier link (the
token covers the hash), and a link activates the account only together with the password of the
sign-up it was sent for. So nobody can fix, in advance, a password for someone else's address.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password, make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.tasks import enqueue
from cms.throttle import allow
from contests.services.tokens import email_verification_token


def normalise_email(email):
    return get_user_model().objects.normalize_email(email.strip()).lower()


@transaction.atomic
def register_user(*, email, password, real_name="", next_url=""):
    """Record a sign-up and e-mail its verification link.

    A new address gets an inactive account; an address still waiting for verification gets this
    sign-up's password and name instead of the earlier one's (earlier links stop working). An
    address with an account keeps it unchanged, and its owner is told by e-mail that someone tried
    to sign up. Past the hourly limit of mails to the address nothing happens at all. The caller
    shows the same "check your mailbox" page in every case.
    """

    User = get_user_model()
    email = normalise_email(email)
    encoded = make_password(password)  # in every case, throttled too: the time taken tells nothing
    if not allow("signup_mail", email):
        return None  # silently: no mail, no change, the same page
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create(email=email, password=encoded, real_name=real_name, is_active=False)
        except IntegrityError:  # a concurrent sign-up with the same address
            return None
        enqueue("contests.send_verification_email", user_id=user.pk, next_url=next_url)
        return user
    if is_unverified(existing):
        existing.password, existing.real_name = encoded, real_name
        existing.save(update_fields=["password", "real_name"])
        enqueue("contests.send_verification_email", user_id=existing.pk, next_url=next_url)
    else:
        enqueue("contests.send_existing_account_notice", user_id=existing.pk)
    return None


def resend_verification_email(*, email, next_url=""):
    """E-mail a fresh link for the address's pending sign-up, if it has one and is within its hourly
    limit of mails. Nothing tells the caller which: the page is the same in every case."""
    email = normalise_email(email)
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None and is_unverified(user) and allow("signup_mail", email):
        enqueue("contests.send_verification_email", user_id=user.pk, next_url=next_url)


def pending_signup_matches(email, password):
    """Is ``password`` the one chosen by the sign-up still waiting for verification at ``email``?

    For the login page, which may then say "not verified yet" instead of "wrong password": only
    to someone who knows the password. One password hash either way, so the time taken does not
    tell whether such a sign-up exists.
    """
    user = get_user_model().objects.filter(email__iexact=normalise_email(email or "")).first()
    encoded = user.password if user is not None and is_unverified(user) else UNUSABLE_PASSWORD_PREFIX
    return check_password(password, encoded)  # for an unusable one Django hashes a dummy password


def is_unverified(user):
    """Inactive and never signed in: an account waiting for its e-mail link.

    An account an administrator deactivated has signed in before, so a verification link can
    never re-activate it.
    """
    return not user.is_active and user.last_login is None


def verification_link_is_valid(user, token):
    """The link was made for the account's current pending sign-up and is neither spent nor expired."""
    return user is not None and is_unverified(user) and email_verification_token.check_token(user, token)


@transaction.atomic
def verify_email(user, token, password):
    """Activate the account if the link is valid and ``password`` is the one its sign-up chose.

    The link alone proves only the mailbox; the password proves the sign-up. Requiring both means
    that following someone else's link (sent to your mailbox) never activates their password.
    True on success.
    """
    user = get_user_model().objects.select_for_update().filter(pk=getattr(user, "pk", None)).first()
    # hashers.check_password, not user.check_password: no hash upgrade, which would void the link.
    if not verification_link_is_valid(user, token) or not check_password(password, user.password):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


@transaction.atomic
def create_verified_account(*, email, password, real_name, organisation=""):
    """An active account for an address the caller has proved (e.g. by an e-mailed invitation link).

    A sign-up still waiting for verification for the address is taken over: its password (chosen
    by whoever filled in the sign-up form, perhaps not the address's owner) is replaced. Raises
    IntegrityError when the address already has an account.
    """
    User = get_user_model()
    email = normalise_email(email)
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is None:
        return User.objects.create_user(email=email, password=password, real_name=real_name, organisation=organisation)
    if not is_unverified(existing):
        raise IntegrityError(f"User {existing.pk} already has the address")
    existing.set_password(password)
    existing.real_name, existing.organisation, existing.is_active = real_name, organisation, True
    existing.save(update_fields=["password", "real_name", "organisation", "is_active"])
    return existing


def axes_username(request, credentials=None):
    """The username django-axes counts failures against (``AXES_USERNAME_CALLABLE``).

    E-mail addresses are case-insensitive here, so ``Member@X`` and ``member@x`` share one
    per-account failure count instead of offering five more guesses each.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") or ""
    if not value and source.get("phone"):
        return _sms_lockout_username(source.get("phone"))
    return value.strip().lower() or None


def _sms_lockout_username(raw_phone):
    """Sign-in by SMS code (/accounts/login/sms/): failures count against the account of a verified
    number — the same count as its password failures — else against the number."""
    from django.core.exceptions import ValidationError

    from contests.services.sms_codes import normalise_mobile, user_with_verified_phone

    try:
        phone = normalise_mobile(raw_phone)
    except ValidationError:
        return f"phone:{str(raw_phone or '').strip()[:32]}"
    user = user_with_verified_phone(phone)
    return normalise_email(user.email) if user is not None else f"phone:{phone}"


@dataclass(frozen=True)
class Workspace:
    """Where one of a person's roles does its work."""

    url: str
    label: str
    description: str


def workspaces_for(user):
    """The entry points of the person's roles, in a fixed order: team portal, judging, lead judge
    (主审), unit workspace, division workspace (分赛区), unit contact (单位负责人), pool expert (专家库),
    Wagtail admin.

    The portal is also where someone with no role yet starts (to create or join a team).
    """
    from contests.models import TeamMembership
    from contests.rules import is_judge
    from scenes.rules import is_unit_member

    if not (user and user.is_authenticated and user.is_active):
        return []
    judging = is_judge(user)
    unit = is_unit_member(user)
    admin = user.has_perm("wagtailadmin.access_admin")
    lead, division, contact, expert = _provincial_roles(user)
    spaces = []
    if TeamMembership.objects.filter(user=user).exists() or not (
        judging or unit or division or admin or lead or contact or expert
    ):
        spaces.append(Workspace(reverse("contests:dashboard"), _("参赛中心"), _("组建团队、提交作品、查看评审结果")))
    if judging:
        spaces.append(Workspace(reverse("contests:judging:dashboard"), _("评审工作台"), _("评审分配给你的作品")))
    if lead:
        spaces.append(
            Workspace(reverse("contests:judging:lead"), _("主审工作台"), _("查看本组评审进度、催办评委、记录合议得分"))
        )
    if unit:
        spaces.append(
            Workspace(reverse("contests:units:dashboard"), _("单位工作台"), _("出题、提供数据、答复数据问题与开放申请"))
        )
    if division:
        spaces.append(
            Workspace(reverse("contests:divisions:home"), _("分赛区"), _("管理本分赛区的团队、作品、形式审查与评委"))
        )
    if contact:
        spaces.append(Workspace(reverse("contests:vetting:home"), _("单位负责人确认"), _("确认以本单位名义报名的团队")))
    if expert:
        spaces.append(Workspace(reverse("contests:experts:me"), _("专家资料"), _("专家库中的个人资料与评审记录")))
    if admin:
        spaces.append(Workspace(reverse("wagtailadmin_home"), _("管理后台"), _("管理网站内容与大赛")))
    return spaces


def _provincial_roles(user):
    """(lead judge, division manager, approved unit contact, pool expert) of ``user``, in one query."""
    from django.db.models import Exists, OuterRef

    from contests.models import Division, Expert, LeadJudge, OrganisationContact

    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            is_lead=Exists(LeadJudge.objects.filter(user=OuterRef("pk"), ended_at__isnull=True)),
            is_division_manager=Exists(Division.objects.filter(managers=OuterRef("pk"))),
            is_contact=Exists(
                OrganisationContact.objects.filter(
                    user=OuterRef("pk"), approved_at__isnull=False, revoked_at__isnull=True
                )
            ),
            is_expert=Exists(Expert.objects.filter(user=OuterRef("pk"))),
        )
        .values_list("is_lead", "is_division_manager", "is_contact", "is_expert")
        .first()
    )
    return row or (False, False, False, False)


def home_for(user):
    """Where the person lands after login when no page was asked for: their one workspace, or a chooser."""
    spaces = workspaces_for(user)
    return spaces[0].url if len(spaces) == 1 else reverse("contests:account_home")
