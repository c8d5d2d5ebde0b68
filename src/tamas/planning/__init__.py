"""The planner's workspace: the records a planner keeps (special days, shift templates
with their break rules) and the chain that turns the event log into a forecast, a
staffing plan, a schedule and a what-if simulation of it.

Each step is a plain function over data (`steps`, `whatif`) that calls `tamas.wfm` and
`tamas.sim`; `jobs` runs the long ones off the request thread with progress and a time
limit. The API (`tamas.api.routes.planner`) and the page (`/planner`) use them.
"""
