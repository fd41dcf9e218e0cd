from __future__ import annotations

import pytest

from lindung.accounts import selectors as account_selectors
from lindung.accounts import services as account_services
from lindung.accounts.errors import ActionNotAllowed, UserInvalid, UserNotFound
from lindung.accounts.models import ApiToken, AuditEvent, Role, User
from tests.factories import accounts as f

pytestmark = pytest.mark.django_db

STRONG = "Sungai-Kapuas-1143"


def _create(actor, **overrides):
    data = {
        "username": "petugas.sambas",
        "password": STRONG,
        "role": Role.REGENCY_OFFICER,
        "region_code": "61.01",
        "first_name": "Ahmad",
        "last_name": "Fauzi",
        "email": "ahmad@example.id",
        "phone": "081234567890",
    }
    data.update(overrides)
    return account_services.create_user(actor=actor, **data)


class TestCreateUser:
    def test_admin_creates_a_scoped_user_and_audits_it(self):
        admin = f.admin()
        user = _create(admin)
        assert user.region_code == "61.01"
        assert user.check_password(STRONG)
        event = AuditEvent.objects.get(action="user.create", entity_id=str(user.pk))
        assert event.actor == admin
        assert event.changes["after"]["role"] == Role.REGENCY_OFFICER
        assert event.changes["after"]["region_id"] == "61.01"
        assert "password" not in event.changes["after"]

    @pytest.mark.parametrize(
        "role", [r for r in Role.values if r != Role.PROVINCIAL_ADMIN], ids=str
    )
    def test_only_provincial_admins_create_users(self, role):
        actor = f.user_of_role(role, "61" if role != Role.VILLAGE_CADRE else "61.01.01")
        with pytest.raises(ActionNotAllowed):
            _create(actor)
        assert not User.objects.filter(username="petugas.sambas").exists()

    def test_collects_every_problem_and_writes_nothing(self):
        admin = f.admin()
        audit_before = AuditEvent.objects.count()
        with pytest.raises(UserInvalid) as excinfo:
            _create(admin, username=admin.username, password="123", region_code="61.99")
        fields = {e.loc[0] for e in excinfo.value.errors}
        assert fields == {"username", "password", "region"}
        assert AuditEvent.objects.count() == audit_before

    def test_regency_officer_must_be_scoped_to_a_regency(self):
        with pytest.raises(UserInvalid) as excinfo:
            _create(f.admin(), region_code="61.01.01")
        assert excinfo.value.errors[0].code == "scope_level"

    def test_contractor_needs_an_organisation(self):
        with pytest.raises(UserInvalid) as excinfo:
            _create(f.admin(), role=Role.CONTRACTOR, region_code="61.71", organization=" ")
        assert excinfo.value.errors[0].loc == ("organization",)

    def test_username_is_unique_ignoring_case(self):
        admin = f.admin()
        _create(admin)
        with pytest.raises(UserInvalid):
            _create(admin, username="PETUGAS.SAMBAS")


class TestUpdateUser:
    def _update(self, actor, user, **overrides):
        data = {
            "role": user.role,
            "region_code": user.region_code,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "organization": user.organization,
            "phone": user.phone,
            "is_active": user.is_active,
        }
        data.update(overrides)
        return account_services.update_user(actor=actor, user_id=user.pk, **data)

    def test_changes_scope_with_before_and_after(self):
        admin = f.admin()
        officer = f.regency_officer("61.01")
        self._update(admin, officer, region_code="61.71")
        officer.refresh_from_db()
        assert officer.region_code == "61.71"
        event = AuditEvent.objects.get(action="user.update", entity_id=str(officer.pk))
        assert event.changes == {"before": {"region_id": "61.01"}, "after": {"region_id": "61.71"}}

    def test_no_change_writes_no_audit_row(self):
        admin = f.admin()
        officer = f.regency_officer()
        before = AuditEvent.objects.count()
        self._update(admin, officer)
        assert AuditEvent.objects.count() == before

    def test_deactivation_revokes_tokens_and_blocks_login(self, client):
        admin = f.admin()
        officer = f.regency_officer()
        token, key = account_services.issue_api_token(actor=officer, name="etl")
        self._update(admin, officer, is_active=False)
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert account_services.authenticate_api_token(key=key) is None
        response = client.post(
            "/akun/masuk/", {"username": officer.username, "password": f.DEFAULT_PASSWORD}
        )
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_admin_cannot_lock_themselves_out(self):
        admin = f.admin()
        with pytest.raises(UserInvalid):
            self._update(admin, admin, is_active=False)

    def test_non_admin_cannot_update_and_cannot_see_other_users(self):
        officer = f.regency_officer()
        other = f.regency_officer("61.71")
        with pytest.raises(ActionNotAllowed):
            self._update(officer, other, is_active=False)
        with pytest.raises(UserNotFound):
            account_selectors.access_user(actor=officer, user_id=other.pk)


class TestApiTokens:
    def test_token_is_stored_hashed_and_authenticates(self):
        officer = f.regency_officer()
        token, key = account_services.issue_api_token(actor=officer, name="sync")
        stored = ApiToken.objects.get(pk=token.pk)
        assert key not in (stored.key_hash, stored.prefix)
        assert stored.key_hash == account_selectors.hash_token(key)
        assert account_services.authenticate_api_token(key=key) == officer

    def test_revoked_token_no_longer_authenticates(self):
        officer = f.regency_officer()
        token, key = account_services.issue_api_token(actor=officer, name="sync")
        account_services.revoke_api_token(actor=officer, token_id=token.pk)
        assert account_services.authenticate_api_token(key=key) is None
        assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1

    def test_user_cannot_revoke_someone_elses_token(self):
        from lindung.accounts.errors import ApiTokenNotFound

        owner = f.regency_officer()
        token, _key = account_services.issue_api_token(actor=owner, name="sync")
        with pytest.raises(ApiTokenNotFound):
            account_services.revoke_api_token(actor=f.regency_officer("61.71"), token_id=token.pk)


class TestRevealContact:
    def test_reveal_is_audited(self):
        admin = f.admin()
        officer = f.regency_officer()
        account_services.reveal_user_contact(actor=admin, user_id=officer.pk)
        event = AuditEvent.objects.get(action="personal_data.reveal")
        assert (event.actor, event.entity_id) == (admin, str(officer.pk))

    def test_roles_without_the_right_cannot_reveal(self):
        contractor = f.user_of_role(Role.CONTRACTOR, "61.71")
        with pytest.raises(ActionNotAllowed):
            account_services.reveal_user_contact(actor=contractor, user_id=contractor.pk)
        assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()
