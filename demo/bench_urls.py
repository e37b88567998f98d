"""The site's URLs plus the bench's floor page (used only by ``manage.py bench``, never served)."""
from django.shortcuts import render
from django.urls import include, path


def floor(request, rows: int):
    """A bare template on the site's base page rendering ``rows`` table rows: what a page
    with that many rows costs with nothing else to do."""
    return render(request, "demo/bench_floor.html", {
        "rows": [(n, f"Row {n}", "Some text in a cell", "2025/26") for n in range(rows)]})


urlpatterns = [
    path("__bench/floor/<int:rows>/", floor, name="bench_floor"),
    path("", include("qaportal.urls")),
]
