from django.urls import path

from lindung.outreach import views
from lindung.outreach.budget import views as budget_views

app_name = "outreach"

urlpatterns = [
    path("", views.home, name="home"),
    path("daftar/", views.register_worker, name="register"),
    path("kegiatan/", views.event_list, name="event_list"),
    path("kegiatan/baru/", views.event_create, name="event_create"),
    path("kegiatan/<int:event_id>/", views.event_detail, name="event_detail"),
    path("kegiatan/<int:event_id>/ubah/", views.event_edit, name="event_edit"),
    path("kegiatan/<int:event_id>/hapus/", views.event_delete, name="event_delete"),
    path("kegiatan/<int:event_id>/peserta/", views.attendees_add, name="attendees_add"),
    path("kegiatan/<int:event_id>/peserta/buka/", views.attendees_reveal, name="attendees_reveal"),
    path("kegiatan/<int:event_id>/foto/", views.photo_add, name="photo_add"),
    path("kegiatan/<int:event_id>/kredit/", views.registration_credit, name="registration_credit"),
    path("peserta/<int:attendee_id>/hapus/", views.attendee_remove, name="attendee_remove"),
    path("foto/<int:photo_id>/", views.photo_file, name="photo_file"),
    path("foto/<int:photo_id>/hapus/", views.photo_remove, name="photo_remove"),
    path(
        "pendaftaran/<int:registration_id>/lepas/",
        views.registration_uncredit,
        name="registration_uncredit",
    ),
    path("kader/", views.cadre_list, name="cadre_list"),
    path("kader/baru/", views.cadre_create, name="cadre_create"),
    path("kader/<int:cadre_id>/", views.cadre_detail, name="cadre_detail"),
    path("kader/<int:cadre_id>/ubah/", views.cadre_edit, name="cadre_edit"),
    path("target/", views.target_list, name="target_list"),
    path("target/<int:target_id>/ubah/", views.target_change, name="target_change"),
    path("target/<int:target_id>/hapus/", views.target_remove, name="target_remove"),
    path("target-saya/", views.my_targets, name="my_targets"),
    path("tindak-lanjut/", views.followup_list, name="followup_list"),
    path("tindak-lanjut/<str:kpj>/", views.followup_detail, name="followup_detail"),
    path("tindak-lanjut/<str:kpj>/buka/", views.followup_reveal, name="followup_reveal"),
    path("corong/", views.funnel_page, name="funnel"),
    path("anggaran/", budget_views.budget_home, name="budget"),
    path("anggaran/skenario/baru/", budget_views.scenario_create, name="scenario_create"),
    path(
        "anggaran/skenario/<int:scenario_id>/", budget_views.scenario_detail, name="scenario_detail"
    ),
    path(
        "anggaran/skenario/<int:scenario_id>/ubah/",
        budget_views.scenario_edit,
        name="scenario_edit",
    ),
    path(
        "anggaran/skenario/<int:scenario_id>/tetapkan/",
        budget_views.scenario_adopt,
        name="scenario_adopt",
    ),
    path(
        "anggaran/skenario/<int:scenario_id>/hapus/",
        budget_views.scenario_delete,
        name="scenario_delete",
    ),
    path("anggaran/bandingkan/", budget_views.scenario_compare, name="scenario_compare"),
    path("anggaran/skenario.xlsx", budget_views.scenario_export, name="scenario_export"),
    path("anggaran/alokasi/baru/", budget_views.allocation_create, name="allocation_create"),
    path(
        "anggaran/alokasi/<int:allocation_id>/ubah/",
        budget_views.allocation_edit,
        name="allocation_edit",
    ),
    path(
        "anggaran/alokasi/<int:allocation_id>/hapus/",
        budget_views.allocation_delete,
        name="allocation_delete",
    ),
    path("anggaran/pembayaran/baru/", budget_views.payment_create, name="payment_create"),
    path(
        "anggaran/pembayaran/<int:payment_id>/ubah/",
        budget_views.payment_edit,
        name="payment_edit",
    ),
    path(
        "anggaran/pembayaran/<int:payment_id>/hapus/",
        budget_views.payment_delete,
        name="payment_delete",
    ),
]
