"""The server: a FastAPI app over the system of record (docs/api.md).

Routes (`routes/`) read requests and answer; the logic lives in services outside the
web layer (`tamas.org`, `tamas.crm`, `tamas.audit`), so the CLI and the coming agent
desktop share it.
"""

from tamas.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
