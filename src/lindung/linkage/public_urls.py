"""The public self-check at /cek-perlindungan/ (no login)."""

app_name = "self_check"

urlpatterns: list[object] = []
