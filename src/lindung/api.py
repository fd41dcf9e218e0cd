"""The JSON API at /api/v1: one NinjaAPI, app routers mounted, one error handler."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from lindung.accounts.api import ApiTokenAuth
from lindung.accounts.api import router as accounts_router
from lindung.core.api import BrowserSession, install_error_handlers
from lindung.projects.api import router as projects_router
from lindung.regions.api import router as regions_router
from lindung.regulations.api import router as regulations_router

api = NinjaAPI(
    title="Lindung API",
    version="1",
    description=str(
        _(
            "Employment social security coverage for West Kalimantan. Authenticate with a "
            "session cookie (browser) or 'Authorization: Bearer <token>' (machine clients)."
        )
    ),
    auth=[ApiTokenAuth(), BrowserSession()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/regions", regions_router)
api.add_router("/accounts", accounts_router)
api.add_router("/rules", regulations_router)
api.add_router("/projects", projects_router)
api.add_router("/workers", "lindung.workers.api.router")
api.add_router("/participants", "lindung.participants.api.router")
api.add_router("/outreach", "lindung.outreach.api.router")
api.add_router("/claims", "lindung.claims.api.router")
api.add_router("/public", "lindung.coverage.api.public_router")
api.add_router("/reconciliation", "lindung.linkage.api.router")
api.add_router("/public", "lindung.linkage.api.public_router")
