"""plotly.js is served from the installed plotly package, and only that one file."""

from __future__ import annotations

from django.contrib.staticfiles import finders

from lindung.coverage.staticfiles import PLOTLY_STATIC_PATH, PlotlyFinder, plotly_js_path


class TestPlotlyFinder:
    def test_finds_the_packaged_plotly_js(self):
        found = finders.find(PLOTLY_STATIC_PATH)
        assert found == str(plotly_js_path())
        assert plotly_js_path().read_bytes()[:200].find(b"plotly.js v") >= 0

    def test_lists_only_plotly_min_js_under_the_vendor_prefix(self):
        listed = list(PlotlyFinder().list(None))
        assert [(path, getattr(storage, "prefix", "")) for path, storage in listed] == [
            ("plotly.min.js", "lindung/vendor")
        ]

    def test_knows_no_other_file_of_the_package(self):
        finder = PlotlyFinder()
        assert finder.find("lindung/vendor/widgetbundle.js") == []
        assert finder.find("lindung/vendor/widgetbundle.js", find_all=True) == []
        assert finder.find(PLOTLY_STATIC_PATH, find_all=True) == [str(plotly_js_path())]
        assert finder.check() == []
