from django.urls import path

from lindung.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("baru/", views.case_create, name="create"),
    path("cari-pekerja/", views.worker_search, name="worker_search"),
    path("statistik/", views.stats, name="stats"),
    path("cerita/", views.public_stories, name="stories"),
    path("penyerahan/", views.handover_list, name="handovers"),
    path("penyerahan/baru/", views.handover_create, name="handover_create"),
    path("penyerahan/<int:handover_id>/", views.handover_detail, name="handover"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/buka/", views.case_reveal, name="reveal"),
    path("<int:case_id>/langkah/", views.case_step, name="step"),
    path("<int:case_id>/ubah/", views.case_edit, name="edit"),
    path("<int:case_id>/hitung-ulang/", views.case_recalculate, name="recalculate"),
    path("<int:case_id>/dokumen/<slug:code>/", views.document_toggle, name="document"),
    path("<int:case_id>/ahli-waris/", views.beneficiary_add, name="beneficiary_add"),
    path(
        "<int:case_id>/ahli-waris/<int:beneficiary_id>/hapus/",
        views.beneficiary_remove,
        name="beneficiary_remove",
    ),
    path("<int:case_id>/cerita/", views.story_edit, name="story_create"),
    path("<int:case_id>/cerita/<int:story_id>/", views.story_edit, name="story_edit"),
]
