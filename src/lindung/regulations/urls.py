from django.urls import path

from lindung.regulations import views

app_name = "regulations"

urlpatterns = [
    path("parameter/", views.parameter_list, name="parameter_list"),
    path("parameter/<str:name>/", views.parameter_detail, name="parameter_detail"),
    path("libur/", views.holiday_list, name="holiday_list"),
    path("libur/<int:holiday_id>/hapus/", views.holiday_remove, name="holiday_remove"),
]
