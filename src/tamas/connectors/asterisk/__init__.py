"""Asterisk as a source of events: the queue_log (file or realtime table) and CDR Master.csv.

Every reader streams: it yields `ParsedBatch`es of events in the event model's column
layout (`tamas.events.EVENT_SCHEMA`), with the lines it had to skip, and never holds the
whole source in memory. docs/import-formats.md says what each line becomes.
"""

from tamas.connectors.asterisk.batch import BadLine, ParsedBatch
from tamas.connectors.asterisk.cdr import read_cdr
from tamas.connectors.asterisk.queue_log_file import read_queue_log
from tamas.connectors.asterisk.queue_log_table import read_queue_log_table

__all__ = ["BadLine", "ParsedBatch", "read_cdr", "read_queue_log", "read_queue_log_table"]
