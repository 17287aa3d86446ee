from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.validators import validate_credit_code, validate_phone


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no separate username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person: editor, team member, judge or organiser. Roles come from groups and contest records."""

    username = None
    email = models.EmailField(_("电子邮箱"), unique=True)
    real_name = models.CharField(_("真实姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    organisation = models.CharField(_("工作单位"), max_length=200, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_credit_code])
    # Set when the person proved they hold ``phone`` with an SMS code; a verified number signs in.
    phone_verified_at = models.DateTimeField(_("手机号验证时间"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = pgettext_lazy("model", "用户")
        verbose_name_plural = pgettext_lazy("models", "用户")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(phone_verified_at__isnull=False), name="user_unique_verified_phone"
            )
        ]

    def __str__(self):
        return self.real_name or self.email

    def get_full_name(self):
        return self.real_name or self.email

    def get_short_name(self):
        return self.real_name or self.email.split("@")[0]
