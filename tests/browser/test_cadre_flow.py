"""A village cadre on a phone (390x844): from the outreach home, registers a worker met at
yesterday's event (the NIK checked as typed), then records today's event."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from lindung.accounts.models import Role
from lindung.outreach.models import EventRegistration, SocializationEvent
from lindung.workers.models import NikStatus, Worker
from tests.factories import accounts as f
from tests.factories.outreach import CadreFactory, EventFactory
from tests.factories.workers import first_village, nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844


class TestCadreFlow:
    def test_cadre_registers_a_worker_from_an_event_on_a_phone(self, live_server, browser: Browser):
        village = first_village("61.71.01")
        user = f.user_of_role(Role.VILLAGE_CADRE, village)
        cadre = CadreFactory.create(region_id=village, user=user, name="Siti Aminah")
        event = EventFactory.create(
            region_id=village,
            organiser_cadre=cadre,
            title="Sosialisasi nelayan Benuamelayu",
            held_on=timezone.localdate() - timedelta(days=1),
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(f"{live_server.url}/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(f.DEFAULT_PASSWORD)
        page.get_by_label("Kata sandi").press("Enter")
        page.wait_for_url(re.compile(r"^(?!.*masuk).*$"))

        page.goto(f"{live_server.url}/penjangkauan/")
        register = page.get_by_test_id("action-register")
        expect(register).to_be_visible()
        box = register.bounding_box()
        assert box is not None
        assert box["height"] >= 44  # a thumb-sized target
        register.click()
        expect(page).to_have_url(re.compile(r"/penjangkauan/daftar/$"))

        page.locator("#id_event_id").select_option(str(event.pk))
        page.locator("#id_nik").fill("6171011713900005")
        expect(page.get_by_test_id("nik-invalid")).to_be_visible()
        good = nik_for("61.71.01", date(1991, 8, 12), "female", 21)
        page.locator("#id_nik").fill(good)
        expect(page.get_by_test_id("nik-valid")).to_contain_text("12/08/1991")
        page.locator("#id_name").fill("Rosalia Lim")
        page.locator("#id_phone").fill("081256781234")
        page.locator("#id_region_code").select_option(village)
        page.locator("#id_sector").select_option("fishing")
        page.locator("#id_segment").select_option("bpu")
        page.get_by_test_id("worker-submit").click()

        expect(page.get_by_test_id("registered")).to_be_visible()
        expect(page).to_have_url(
            re.compile(rf"/penjangkauan/daftar/\?baru=\d+&kegiatan={event.pk}$")
        )
        # The next person can be registered at once: the event stays chosen.
        expect(page.locator("#id_event_id")).to_have_value(str(event.pk))
        worker = Worker.objects.get(nik=good)
        assert worker.nik_status == NikStatus.VALID
        assert worker.registered_by == user
        registration = EventRegistration.objects.get(worker=worker)
        assert (registration.event, registration.cadre) == (event, cadre)
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1

        # The event page shows the new registration masked.
        page.goto(f"{live_server.url}/penjangkauan/kegiatan/{event.pk}/")
        expect(page.get_by_test_id("registrations")).to_contain_text("R****** L**")
        expect(page.get_by_test_id("registrations")).not_to_contain_text("Rosalia")
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1

        # Then today's event, from the same phone.
        page.goto(f"{live_server.url}/penjangkauan/")
        page.get_by_test_id("action-event").click()
        page.locator("#id_title").fill("Sosialisasi ojek pangkalan")
        page.locator("#id_place").fill("Pangkalan ojek")
        page.locator("#id_sector").select_option("transport")
        page.locator("#id_attendance_count").fill("23")
        page.get_by_test_id("event-submit").click()
        expect(page.get_by_test_id("event-title")).to_have_text("Sosialisasi ojek pangkalan")
        expect(page.get_by_test_id("attendance")).to_have_text("23")
        recorded = SocializationEvent.objects.get(title="Sosialisasi ojek pangkalan")
        assert recorded.region_id == village
        assert recorded.held_on == timezone.localdate()
        assert recorded.organiser_cadre == cadre
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1
        assert errors == []
        context.close()
