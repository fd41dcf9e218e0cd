"""Factories for users of every role, scoped to real Kalbar regions."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from lindung.accounts.models import Role, User

DEFAULT_PASSWORD = "Khatulistiwa-2026!"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    phone = factory.Sequence(lambda n: f"0812{n:08d}")
    role = Role.PROVINCIAL_ANALYST
    region_id = "61"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


def admin(**kwargs: Any) -> User:
    return UserFactory.create(role=Role.PROVINCIAL_ADMIN, region_id="61", **kwargs)


def regency_officer(region_code: str = "61.01", **kwargs: Any) -> User:
    return UserFactory.create(role=Role.REGENCY_OFFICER, region_id=region_code, **kwargs)


def user_of_role(role: str, region_code: str, **kwargs: Any) -> User:
    organization = "Dinas PUPR" if role in {Role.AGENCY_USER, Role.CONTRACTOR} else ""
    return UserFactory.create(role=role, region_id=region_code, organization=organization, **kwargs)
