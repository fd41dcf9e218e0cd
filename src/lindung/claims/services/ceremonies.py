"""Handover ceremonies and anonymised benefit stories."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts import services as account_services
from lindung.accounts.models import User
from lindung.accounts.permissions import region_in_scope
from lindung.claims import selectors
from lindung.claims.errors import (
    HandoverInvalid,
    StoryInvalid,
)
from lindung.claims.models import (
    BenefitStory,
    ClaimCase,
    ClaimStatus,
    Handover,
)
from lindung.claims.services.inputs import (
    MAX_AMOUNT,
    HandoverInput,
    StoryInput,
    field_error,
    require_manage,
)
from lindung.core.errors import FieldError, LindungError
from lindung.regions import selectors as region_selectors

# ----------------------------------------------------------------------------- handovers


@transaction.atomic(durable=True)
def record_handover(*, actor: User, data: HandoverInput) -> Handover:
    """Record a ceremony handing benefits to families, linked to approved or paid cases."""
    require_manage(actor)
    today = timezone.localdate()
    errors: list[FieldError] = []
    cases: list[ClaimCase] = []
    if not data.case_ids:
        errors.append(field_error("case_ids", _("Choose the cases handed over."), "required"))
    for case_id in dict.fromkeys(data.case_ids):
        try:
            case = selectors.access_case(actor=actor, case_id=case_id)
        except LindungError:
            errors.append(
                field_error("case_ids", _("Case %(id)s not found.") % {"id": case_id}, "not_found")
            )
            continue
        if case.status not in {ClaimStatus.APPROVED, ClaimStatus.PAID}:
            errors.append(
                field_error(
                    "case_ids",
                    _("Case %(ref)s is not approved or paid yet.") % {"ref": case.reference},
                    "not_approved",
                )
            )
        cases.append(case)
    if data.held_on is None:
        errors.append(field_error("held_on", _("Enter the date of the handover."), "required"))
    elif data.held_on > today:
        errors.append(field_error("held_on", _("The date is in the future."), "date_future"))
    else:
        for case in cases:
            if data.held_on < case.event_date:
                errors.append(
                    field_error(
                        "held_on",
                        _("The handover is before the event of case %(ref)s.")
                        % {"ref": case.reference},
                        "date_before_event",
                    )
                )
    if not data.place.strip():
        errors.append(field_error("place", _("Enter where the handover took place."), "required"))
    if not data.officials.strip():
        errors.append(
            field_error("officials", _("Enter the officials who handed over."), "required")
        )
    if data.family_count is None or data.family_count < 1:
        errors.append(
            field_error("family_count", _("Enter how many families received."), "required")
        )
    if data.amount is None or data.amount <= 0 or data.amount > MAX_AMOUNT:
        errors.append(field_error("amount", _("Enter the amount handed over."), "required"))
    region = None
    try:
        region = region_selectors.get_region(code=data.region_code.strip())
    except LindungError:
        errors.append(field_error("region_code", _("Choose the regency or village."), "required"))
    if region is not None and not region_in_scope(actor, region.code):
        errors.append(
            field_error("region_code", _("The region is outside your area."), "out_of_scope")
        )
    if errors:
        raise HandoverInvalid(errors=errors)
    # Each is None only with an error recorded above.
    assert region is not None  # noqa: S101
    assert data.amount is not None  # noqa: S101
    assert data.held_on is not None  # noqa: S101
    assert data.family_count is not None  # noqa: S101
    handover = Handover.objects.create(
        held_on=data.held_on,
        place=data.place.strip()[:200],
        region=region,
        officials=data.officials.strip(),
        family_count=data.family_count,
        amount=data.amount,
        note=data.note.strip(),
        recorded_by=actor,
    )
    handover.cases.set(cases)
    account_services.record_audit(
        actor=actor,
        action="claim.handover",
        entity_type="claim_handover",
        entity_id=handover.pk,
        region_code=region.code,
        changes=account_services.diff_fields(
            {},
            {
                "held_on": handover.held_on,
                "place": handover.place,
                "officials": handover.officials,
                "family_count": handover.family_count,
                "amount": handover.amount,
                "cases": sorted(c.pk for c in cases),
            },
        ),
    )
    return handover


# ----------------------------------------------------------------------------- stories


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split()) + " "


# Parts of names too common to identify anyone on their own.
COMMON_NAME_PARTS = frozenset({"muhammad", "muh", "moh", "abdul", "nur", "siti", "binti", "bin"})
NIK_LIKE = re.compile(r"(?<!\d)(?:\d[\s.-]?){15}\d(?!\d)")


def personal_data_in(text: str, *, names: Sequence[str], niks: Sequence[str]) -> list[str]:
    """Return which kinds of personal data TEXT contains: a name of NAMES, a NIK or any
    16-digit number (the answer names the kind, never the value)."""
    found = []
    words = _words(text)
    digits_only = re.sub(r"\D", "", text)
    for name in names:
        parts = [p for p in _words(name).split() if len(p) >= 3 and p not in COMMON_NAME_PARTS]
        whole = _words(name).strip()
        if (whole and f" {whole} " in words) or any(f" {p} " in words for p in parts):
            found.append("name")
            break
    if any(nik and nik in digits_only for nik in niks) or NIK_LIKE.search(text):
        found.append("nik")
    return found


def _check_story(case: ClaimCase, data: StoryInput, errors: list[FieldError]) -> None:
    title, text = data.title.strip(), data.text.strip()
    if not title:
        errors.append(field_error("title", _("Enter a title."), "required"))
    if len(text) < 40:
        errors.append(
            field_error("text", _("Write the story (at least 40 characters)."), "too_short")
        )
    beneficiaries = selectors.case_beneficiaries(case=case)
    names = [case.worker.name, case.reporter_name, *(b.name for b in beneficiaries)]
    niks = [case.worker.nik, *(b.nik for b in beneficiaries)]
    for loc, value in (("title", title), ("text", text)):
        kinds = personal_data_in(value, names=names, niks=niks)
        if "name" in kinds:
            errors.append(
                field_error(
                    loc,
                    _(
                        "Remove the name of the worker, the reporter or an heir: stories are "
                        "anonymous."
                    ),
                    "contains_name",
                )
            )
        if "nik" in kinds:
            errors.append(
                field_error(loc, _("Remove the NIK or any 16-digit number."), "contains_nik")
            )
    if data.publishable and case.status != ClaimStatus.PAID:
        errors.append(
            field_error(
                "publishable",
                _("Only stories of paid cases can be published."),
                "not_paid",
            )
        )


@transaction.atomic(durable=True)
def save_story(
    *, actor: User, case_id: int, data: StoryInput, story_id: int | None = None
) -> BenefitStory:
    """Write or edit an anonymised story of a case; it is public only when publishable."""
    require_manage(actor)
    case = selectors.access_case(actor=actor, case_id=case_id)
    story = (
        BenefitStory(case=case, written_by=actor)
        if story_id is None
        else selectors.access_story(actor=actor, case=case, story_id=story_id)
    )
    errors: list[FieldError] = []
    _check_story(case, data, errors)
    if errors:
        raise StoryInvalid(errors=errors)
    before = (
        {}
        if story.pk is None
        else {"title": story.title, "publishable": story.publishable, "text": story.text}
    )
    story.title = data.title.strip()[:200]
    story.text = data.text.strip()
    if data.publishable and not story.publishable:
        story.published_at = timezone.now()
    if not data.publishable:
        story.published_at = None
    story.publishable = data.publishable
    story.save()
    account_services.record_audit(
        actor=actor,
        action="claim.story_create" if not before else "claim.story_update",
        entity_type="claim_story",
        entity_id=story.pk,
        region_code=case.event_region_id,
        changes=account_services.diff_fields(
            before, {"title": story.title, "publishable": story.publishable, "text": story.text}
        ),
    )
    return story
