"""The discrete-event simulator: the production router on a virtual clock.

A scenario (queues, arrival rates and profiles, handle-time and patience distributions,
agent groups) runs through `tamas.acd` on a `Calendar`; the result is the event log the
router wrote, so the KPI engine reports a simulated day exactly like a real one.
"""

from tamas.sim.arrivals import poisson_arrivals
from tamas.sim.calendar import Calendar
from tamas.sim.distributions import (
    Deterministic,
    Distribution,
    Draws,
    Empirical,
    Exponential,
    Lognormal,
)
from tamas.sim.engine import replicate, simulate
from tamas.sim.kpis import half_width, replicated_kpis
from tamas.sim.scenario import (
    AgentGroup,
    OverflowSpec,
    QueueSpec,
    Scenario,
    SimulationSpec,
    parse_scenario,
)

__all__ = [
    "AgentGroup",
    "Calendar",
    "Deterministic",
    "Distribution",
    "Draws",
    "Empirical",
    "Exponential",
    "Lognormal",
    "OverflowSpec",
    "QueueSpec",
    "Scenario",
    "SimulationSpec",
    "half_width",
    "parse_scenario",
    "poisson_arrivals",
    "replicate",
    "replicated_kpis",
    "simulate",
]
