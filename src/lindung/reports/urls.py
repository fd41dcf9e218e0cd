from django.urls import path

from lindung.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/unduh.<str:kind>", views.report_download, name="download"),
]
