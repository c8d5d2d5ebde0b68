"""Workforce management: staffing maths, forecasting and scheduling (pure)."""
