"""The API's routes, one module per resource; each module's `router` is mounted by
`tamas.api.app` under /api/v1."""
