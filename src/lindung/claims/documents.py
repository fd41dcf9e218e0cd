"""The document checklist of a claim, per claim type and (for JKK) outcome.

The domain reference (shared/docs/domain-reference.md, section 4) gives the benefits but no
document lists. These are BPJS Ketenagakerjaan's standard claim requirements as BPJS branches
and its claim forms publish them: JKK reports "tahap I" (form 3 / KK1, within 2 x 24 hours),
"tahap II" (form 3a / KK2) and the doctor's statement (form 3b / KK3; form 3c for an
occupational disease), the accident chronology with two witnesses, attendance, treatment
and transport receipts; JKM: death certificate, identity cards, family card, heir
statement, marriage book and the heir's bank book; scholarship (Permenaker 5/2021): the
child's birth certificate, proof of enrolment and latest report card and a bank book.
Sources read: BPJS branch checklists "Checklist Kelengkapan Dokumen Klaim JKK" and
"Persyaratan JKK Reimburse PU" (2022), and the JKM list from bpjsketenagakerjaan.go.id as
quoted by GridStar (2023-02-01) and Tribun Sumsel (2020-09-18). Not checked against the
regulation text: adjust here if the branch asks for a different set.

Documents marked ``required=False`` apply only in some cases (a police report only for a
traffic accident); they are listed so staff can tick them, but do not block "documents
complete".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DocumentSpec:
    """One document a claim needs: a stable code, its label and whether it is required."""

    code: str
    label: str | Promise
    required: bool = True


KPJ = DocumentSpec("kpj", _("BPJS Ketenagakerjaan membership card (KPJ) or project list"))
KTP_WORKER = DocumentSpec("ktp_worker", _("Worker's identity card (e-KTP)"))
KK = DocumentSpec("kk", _("Family card (Kartu Keluarga)"))
BANK_BOOK = DocumentSpec("bank_book", _("Bank book of the recipient"))

JKK_COMMON = (
    KPJ,
    KTP_WORKER,
    DocumentSpec("jkk_form_1", _("Accident report stage I (form 3 / KK1, within 2 x 24 hours)")),
    DocumentSpec("jkk_form_2", _("Accident report stage II (form 3a / KK2)")),
    DocumentSpec("chronology", _("Chronology of the event signed by two witnesses")),
    DocumentSpec("attendance", _("Attendance list for the day of the event")),
    DocumentSpec("treatment_receipts", _("Treatment receipts and prescriptions"), False),
    DocumentSpec("transport_receipts", _("Transport receipts"), False),
    DocumentSpec("police_report", _("Police report (traffic accidents only)"), False),
    DocumentSpec(
        "assignment_letter", _("Assignment or overtime letter (outside the site or hours)"), False
    ),
)
JKK_DOCTOR = DocumentSpec("doctor_statement", _("Doctor's statement (form 3b / KK3)"))
PAK_DOCTOR = DocumentSpec(
    "pak_doctor_statement", _("Doctor's statement of the occupational disease (form 3c)")
)
PAK_EXTRA = (
    DocumentSpec("work_history", _("Work history and exposure at work")),
    DocumentSpec("medical_results", _("Medical examination results (laboratory, X-ray)")),
)
STMB_EXTRA = (
    DocumentSpec("sick_leave", _("Doctor's sick-leave letters for the whole period")),
    DocumentSpec("wage_slips", _("Wage slips or wage list for the months off work"), False),
)
DISABILITY_EXTRA = (
    DocumentSpec(
        "disability_statement", _("Doctor's statement of the disability and its percentage")
    ),
)
DEATH_DOCS = (
    DocumentSpec("death_certificate", _("Death certificate (akta kematian) or death statement")),
    KK,
    DocumentSpec("ktp_heirs", _("Heirs' identity cards (e-KTP)")),
    DocumentSpec(
        "heir_statement", _("Statement of heirs signed by the village head and district head")
    ),
    DocumentSpec("marriage_book", _("Marriage book (when the heir is the spouse)"), False),
)
JKM_DOCS = (
    KPJ,
    KTP_WORKER,
    *DEATH_DOCS,
    DocumentSpec("jkm_form", _("JKM claim form (form 4)")),
    BANK_BOOK,
)
BEASISWA_DOCS = (
    KPJ,
    DocumentSpec("cause_proof", _("Proof of the death or total disability (earlier claim)")),
    KK,
    DocumentSpec("birth_certificate", _("Child's birth certificate")),
    DocumentSpec("school_statement", _("Statement of enrolment from the school or campus")),
    DocumentSpec("report_card", _("Latest report card or study results")),
    DocumentSpec("ktp_guardian", _("Identity card of the parent or guardian")),
    DocumentSpec("beasiswa_form", _("Scholarship claim form")),
    BANK_BOOK,
)


def required_documents(claim_type: str, jkk_outcome: str = "") -> tuple[DocumentSpec, ...]:
    """Return the checklist for a claim type and, for JKK, its outcome, in display order."""
    if claim_type == "jkm_death":
        return JKM_DOCS
    if claim_type == "beasiswa":
        return BEASISWA_DOCS
    doctor = (PAK_DOCTOR, *PAK_EXTRA) if claim_type == "jkk_disease" else (JKK_DOCTOR,)
    extra: tuple[DocumentSpec, ...] = ()
    if jkk_outcome == "temporary":
        extra = STMB_EXTRA
    elif jkk_outcome in {"partial_disability", "total_disability"}:
        extra = DISABILITY_EXTRA
    elif jkk_outcome == "death":
        extra = DEATH_DOCS
    specs = (*JKK_COMMON, *doctor, *extra, BANK_BOOK)
    seen: set[str] = set()
    unique = []
    for spec in specs:
        if spec.code not in seen:
            seen.add(spec.code)
            unique.append(spec)
    return tuple(unique)


ALL_DOCUMENTS: dict[str, DocumentSpec] = {
    spec.code: spec
    for specs in (JKK_COMMON, PAK_EXTRA, STMB_EXTRA, DISABILITY_EXTRA, DEATH_DOCS, JKM_DOCS)
    for spec in specs
} | {spec.code: spec for spec in (JKK_DOCTOR, PAK_DOCTOR, BANK_BOOK, KK, *BEASISWA_DOCS)}


def document_label(code: str) -> str:
    """Return the translated label of a document code (the code itself if unknown)."""
    spec = ALL_DOCUMENTS.get(code)
    return str(spec.label) if spec else code
