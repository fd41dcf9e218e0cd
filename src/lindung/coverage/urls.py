from django.urls import path

from lindung.coverage import views

app_name = "coverage"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dasbor/<str:code>/", views.dashboard, name="region"),
    path("dasbor/<str:code>/kesenjangan/<slug:kind>/", views.gap_list, name="gaps"),
    path("dasbor/<str:code>/ekspor/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path("data-terbuka/", views.open_data, name="open_data"),
    path("data-terbuka/cakupan.<slug:fmt>", views.open_data_export, name="open_data_export"),
]
