"""Users with a role and a region scope, API tokens, and the append-only audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.errors import Immutable


class Role(models.TextChoices):
    PROVINCIAL_ADMIN = "provincial_admin", _("Provincial administrator")
    PROVINCIAL_ANALYST = "provincial_analyst", _("Provincial analyst")
    REGENCY_OFFICER = "regency_officer", _("Regency manpower officer")
    BPJS_OFFICER = "bpjs_officer", _("BPJS Ketenagakerjaan officer")
    AGENCY_USER = "agency_user", _("Agency / PPK user")
    CONTRACTOR = "contractor", _("Contractor")
    VILLAGE_CADRE = "village_cadre", _("Village official / cadre")


class LindungUserManager(UserManager["User"]):
    """``createsuperuser`` makes a provincial administrator scoped to the province."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.PROVINCIAL_ADMIN)
        extra.setdefault("region_id", PROVINCE_CODE)
        return super().create_superuser(username, email, password, **extra)


PROVINCE_CODE = "61"


class User(AbstractUser):
    """A Lindung user: one role, one region scope and, for some roles, an organisation."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region scope"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The user sees data inside this region only."),
    )
    organization = models.CharField(
        _("agency or company"),
        max_length=200,
        blank=True,
        help_text=_("For agency/PPK users and contractors: the organisation they act for."),
    )
    phone = models.CharField(_("phone number"), max_length=20, blank=True)

    objects: ClassVar[LindungUserManager] = LindungUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    @property
    def region_code(self) -> str:
        """Return the scope region's code without a query."""
        return str(self.region_id)


class ApiToken(models.Model):
    """A machine client's bearer token: stored hashed, revocable, scoped like its user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Audit rows can be added and read, never changed or removed through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise Immutable()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Immutable()

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise Immutable()


class AuditEvent(models.Model):
    """One append-only audit row: who did what to which object, from where, before and after."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=400, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    entity_type = models.CharField(_("object type"), max_length=64, db_index=True)
    entity_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["entity_type", "entity_id"], name="audit_entity_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.entity_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise Immutable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise Immutable()
