"""Erlang A queues worth checking any solution of M/M/n+M on: (n, calls per 30 min,
AHT s, patience s, threshold s)."""

ERLANG_A_CASES = [
    (14, 100, 180, 120, 20),  # comfortable
    (10, 120, 180, 60, 20),  # overloaded: 12 erlangs on 10 agents
    (5, 100, 300, 30, 10),  # badly overloaded, impatient callers
    (30, 400, 240, 600, 30),  # 53 erlangs on 30 agents, patient callers
    (8, 30, 180, 200, 0),  # threshold 0: SL is the share answered at once
    (1, 3, 600, 900, 60),  # a single agent
]
