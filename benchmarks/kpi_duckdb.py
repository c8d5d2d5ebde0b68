"""The KPI report of a queue_log in DuckDB SQL: the benchmark's columnar peer.

DuckDB's CSV reader loads the file into a table (which keeps the file's order as
`rowid`), and SQL links each call's lines to its queue entries with as-of joins, as
docs/kpi.md defines them. It computes the whole JSON contract: totals and by_queue
(all queue KPIs, FCR included), by_agent (answers, talk, rings, transfers, and logged-in
and paused time swept with window functions) and by_interval, with two simplifications
that the benchmark's data does not meet: it does not check lines (a field that is not a
number is null, not a skipped line) and an interval keeps the UTC offset of its entries
(the clock-change rule of docs/kpi.md is not applied).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from tamas.kpi import AGENT_KPIS, INTERVAL_KPIS, QUEUE_KPIS, KpiDefinitions

LOAD = """
CREATE TEMP TABLE lines AS
SELECT ts, nullif(nullif(callid, 'NONE'), '') AS callid,
    nullif(nullif(queue, 'NONE'), '') AS queue, nullif(nullif(agent, 'NONE'), '') AS agent,
    event, [d1, d2, d3, d4, d5, d6] AS data
FROM read_csv(?, delim = '|', header = false, quote = '', escape = '',
    null_padding = true, auto_detect = false, columns = {
        'ts': 'BIGINT', 'callid': 'VARCHAR', 'queue': 'VARCHAR', 'agent': 'VARCHAR',
        'event': 'VARCHAR', 'd1': 'VARCHAR', 'd2': 'VARCHAR', 'd3': 'VARCHAR',
        'd4': 'VARCHAR', 'd5': 'VARCHAR', 'd6': 'VARCHAR'})
"""

ENTRIES = """
CREATE TEMP TABLE entries AS
WITH enters AS (
    SELECT rowid AS line, ts, callid, queue, nullif(data[2], '') AS caller
    FROM lines WHERE event = 'ENTERQUEUE' AND callid IS NOT NULL AND queue IS NOT NULL
),
outcomes AS (
    -- an outcome belongs to its call's latest entry into the same queue before it
    SELECT enters.line AS entry, arg_min(o.line, o.line) AS outcome_line,
        arg_min(o.event, o.line) AS outcome, arg_min(o.agent, o.line) AS agent,
        arg_min(o.wait, o.line) AS wait
    FROM (
        SELECT rowid AS line, callid, queue, event, agent,
            TRY_CAST(CASE event WHEN 'CONNECT' THEN data[1] WHEN 'EXITWITHKEY' THEN data[4]
                ELSE data[3] END AS INTEGER) AS wait
        FROM lines WHERE event IN ('CONNECT', 'ABANDON', 'EXITWITHTIMEOUT', 'EXITWITHKEY',
            'EXITEMPTY', 'WITHDRAW')
    ) o ASOF JOIN enters
        ON o.callid = enters.callid AND o.queue = enters.queue AND o.line >= enters.line
    GROUP BY enters.line
),
answers AS (
    SELECT e.line AS entry, e.callid, e.queue, o.outcome_line
    FROM enters e JOIN outcomes o ON o.entry = e.line WHERE o.outcome = 'CONNECT'
),
ends AS (
    -- an end belongs to its call's latest answer in the same queue before it
    SELECT answers.entry, arg_min(x.event, x.line) AS end_event, arg_min(x.talk, x.line) AS talk
    FROM (
        SELECT rowid AS line, callid, queue, event,
            -- calltime is second from the end of the line's data fields
            TRY_CAST(list_filter(data, lambda d: d IS NOT NULL)[-2] AS INTEGER) AS talk
        FROM lines WHERE event IN ('COMPLETECALLER', 'COMPLETEAGENT', 'TRANSFER',
            'BLINDTRANSFER', 'ATTENDEDTRANSFER')
    ) x ASOF JOIN answers
        ON x.callid = answers.callid AND x.queue = answers.queue AND x.line >= answers.outcome_line
    GROUP BY answers.entry
)
SELECT e.line AS entry, e.ts, e.callid, e.queue, e.caller, o.outcome, o.agent, o.wait,
    ends.end_event, ends.talk,
    o.outcome = 'CONNECT' AND regexp_full_match(e.caller, '\\+?[0-9]+') AS fcr_eligible,
    EXISTS (
        SELECT 1 FROM enters later
        WHERE later.caller = e.caller AND later.callid <> e.callid
            AND later.ts > e.ts AND later.ts <= e.ts + $window
    ) AS repeated
FROM enters e LEFT JOIN outcomes o ON o.entry = e.line LEFT JOIN ends ON ends.entry = e.line
"""

QUEUE_KPIS_SQL = """
    count(*) AS offered,
    count(*) FILTER (outcome = 'CONNECT') AS answered,
    count(*) FILTER (outcome = 'ABANDON') AS abandoned,
    count(*) FILTER (outcome = 'ABANDON' AND wait < $short) AS short_abandoned,
    count(*) FILTER (outcome IN ('EXITWITHTIMEOUT', 'EXITWITHKEY', 'EXITEMPTY', 'WITHDRAW'))
        AS exited,
    count(*) FILTER (outcome = 'CONNECT' AND wait <= $threshold) AS answered_within_threshold,
    answered_within_threshold / nullif(offered - short_abandoned, 0) AS service_level,
    (abandoned - short_abandoned) / nullif(offered - short_abandoned, 0) AS abandon_rate,
    answered_within_threshold / nullif(answered, 0) AS sl_asterisk,
    (answered_within_threshold + count(*) FILTER (outcome = 'ABANDON' AND wait <= $threshold))
        / nullif(answered + abandoned, 0) AS sl2_asterisk,
    avg(wait) FILTER (outcome = 'CONNECT') AS asa_s,
    avg(talk) FILTER (outcome = 'CONNECT') AS aht_s,
    max(wait) AS max_wait_s,
    count(*) FILTER (fcr_eligible AND NOT repeated) / nullif(count(*) FILTER (fcr_eligible), 0)
        AS fcr
"""

BY_QUEUE = f"SELECT queue, {QUEUE_KPIS_SQL} FROM entries GROUP BY GROUPING SETS ((queue), ())"

BY_INTERVAL = f"""
WITH local AS (
    SELECT *, timezone($tz, to_timestamp(ts)) AS wall FROM entries
)
SELECT ts - epoch(wall - time_bucket(to_minutes($minutes), wall))::BIGINT
    AS start, {QUEUE_KPIS_SQL}
FROM local GROUP BY start ORDER BY start
"""

BY_AGENT = """
WITH rings AS (
    SELECT r.agent, r.event
    FROM (SELECT rowid AS line, callid, queue, agent, event FROM lines
          WHERE event IN ('RINGNOANSWER', 'RINGCANCELED')) r
    ASOF JOIN (SELECT entry AS line, callid, queue FROM entries) e
        ON r.callid = e.callid AND r.queue = e.queue AND r.line >= e.line
),
work AS (
    SELECT agent, count(*) AS answered, coalesce(sum(talk), 0) AS talk_time_s,
        avg(talk) AS aht_s, count(*) FILTER (end_event LIKE '%TRANSFER') AS transfers
    FROM entries WHERE outcome = 'CONNECT' AND agent IS NOT NULL GROUP BY agent
),
rang AS (
    SELECT agent, count(*) FILTER (event = 'RINGNOANSWER') AS ring_no_answer
    FROM rings WHERE agent IS NOT NULL GROUP BY agent
),
state AS (
    SELECT rowid AS line, ts, agent, event, coalesce(queue, '') AS slot,
        event IN ('ADDMEMBER', 'AGENTLOGIN', 'REMOVEMEMBER', 'AGENTLOGOFF') AS is_login
    FROM lines WHERE agent IS NOT NULL AND event IN ('ADDMEMBER', 'AGENTLOGIN',
        'REMOVEMEMBER', 'AGENTLOGOFF', 'PAUSE', 'PAUSEALL', 'UNPAUSE', 'UNPAUSEALL')
),
slots AS (SELECT DISTINCT agent, slot FROM state WHERE is_login),
steps AS (
    -- a pause without a queue pauses every slot the agent logs into
    SELECT line, ts, agent, slot, event, is_login FROM state WHERE is_login
    UNION ALL
    SELECT s.line, s.ts, s.agent, k.slot, s.event, false
    FROM state s JOIN slots k ON k.agent = s.agent AND (s.slot = '' OR s.slot = k.slot)
    WHERE NOT s.is_login
),
slot_states AS (
    SELECT *, logged AND event IN ('PAUSE', 'PAUSEALL') AS paused
    FROM (
        SELECT *, coalesce(last_value(CASE WHEN is_login THEN event IN ('ADDMEMBER',
            'AGENTLOGIN') END IGNORE NULLS) OVER (PARTITION BY agent, slot ORDER BY line
            ROWS UNBOUNDED PRECEDING), false) AS logged
        FROM steps
    )
),
changes AS (
    SELECT *,
        logged::INT - lag(logged::INT, 1, 0) OVER slot_order AS logged_change,
        paused::INT - lag(paused::INT, 1, 0) OVER slot_order AS paused_change
    FROM slot_states WINDOW slot_order AS (PARTITION BY agent, slot ORDER BY line)
),
counts AS (
    SELECT agent,
        coalesce(lead(ts) OVER agent_order, (SELECT max(ts) FROM lines)) - ts AS seconds,
        sum(logged_change) OVER agent_order AS n_logged,
        sum(paused_change) OVER agent_order AS n_paused
    FROM changes WINDOW agent_order AS (PARTITION BY agent ORDER BY line, slot
        ROWS UNBOUNDED PRECEDING)
),
present AS (
    SELECT agent, sum(seconds) FILTER (n_logged > 0)::DOUBLE AS logged_in_s,
        coalesce(sum(seconds) FILTER (n_logged > 0 AND n_paused = n_logged), 0)::DOUBLE
            AS paused_s
    FROM counts GROUP BY agent
)
SELECT agent, coalesce(answered, 0) AS answered, coalesce(talk_time_s, 0) AS talk_time_s,
    aht_s, coalesce(ring_no_answer, 0) AS ring_no_answer, coalesce(transfers, 0) AS transfers,
    coalesce(logged_in_s, CASE WHEN paused_s IS NOT NULL THEN 0 END) AS logged_in_s, paused_s,
    least(talk_time_s / nullif(logged_in_s - paused_s, 0), 1) AS occupancy
FROM work FULL JOIN rang USING (agent) LEFT JOIN present USING (agent)
ORDER BY agent
"""


def duckdb_report(path: Path, definitions: KpiDefinitions) -> dict[str, Any]:
    """The JSON contract of the report (less `skipped_lines`: DuckDB checks no line)."""
    parameters = {"short": definitions.short_abandon_s, "threshold": definitions.sl_threshold_s}
    with duckdb.connect() as connection:
        connection.execute(LOAD, [str(path)])
        connection.execute(ENTRIES, {"window": definitions.fcr_window_s})
        queues = _rows(connection, BY_QUEUE, parameters)
        intervals = _rows(
            connection,
            BY_INTERVAL,
            {**parameters, "tz": definitions.tz, "minutes": definitions.interval_min},
        )
        agents = _rows(connection, BY_AGENT, {})
    zone = ZoneInfo(definitions.tz)
    return {
        "definitions": definitions.as_dict(),
        "totals": next(_only(row, QUEUE_KPIS) for row in queues if row["queue"] is None),
        "by_queue": sorted(
            (_only(row, ("queue", *QUEUE_KPIS)) for row in queues if row["queue"] is not None),
            key=lambda row: row["queue"],
        ),
        "by_agent": [_only(row, ("agent", *AGENT_KPIS)) for row in agents],
        "by_interval": [
            {
                **_only(row, INTERVAL_KPIS),
                "start": datetime.fromtimestamp(row["start"], zone).isoformat(),
            }
            for row in intervals
        ],
    }


def _rows(
    connection: duckdb.DuckDBPyConnection, query: str, parameters: dict[str, Any]
) -> list[dict[str, Any]]:
    cursor = connection.execute(query, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _only(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in names}
