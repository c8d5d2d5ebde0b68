"""The discrete-event simulator: the production router on a virtual clock."""
