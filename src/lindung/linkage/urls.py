"""Reconciliation pages at /rekonsiliasi/."""

from django.urls import path

from lindung.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("mulai/", views.run_start, name="run_start"),
    path("<int:run_id>/", views.run_detail, name="run_detail"),
    path("<int:run_id>/keadaan/", views.run_state, name="run_state"),
    path("<int:run_id>/pekerja/", views.run_workers, name="run_workers"),
    path("<int:run_id>/ekspor.<str:fmt>", views.run_export, name="run_export"),
    path("<int:run_id>/tinjau/", views.review_queue, name="review_queue"),
    path("tinjau/<int:candidate_id>/", views.review_pair, name="review_pair"),
    path("tinjau/<int:candidate_id>/buka/", views.review_reveal, name="review_reveal"),
    path("tinjau/<int:candidate_id>/putuskan/", views.review_decide, name="review_decide"),
    path(
        "pekerja/<int:worker_id>/perlindungan/", views.worker_protection, name="worker_protection"
    ),
]
