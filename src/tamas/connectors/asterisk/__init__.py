"""Asterisk as a source of events: the queue_log (file or realtime table) and CDR Master.csv.

Every reader streams: it yields `ParsedBatch`es of events in the event model's column
layout, with the lines it had to skip, and never holds the whole source in memory.
"""

from tamas.connectors.asterisk.batch import BadLine, ParsedBatch
from tamas.connectors.asterisk.queue_log_file import read_queue_log

__all__ = ["BadLine", "ParsedBatch", "read_queue_log"]
