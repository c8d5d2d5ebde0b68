"""The agent desktop's services: the live center inside the server (the router set up
from the center's records), agents' states and contact actions, the screen pop, wrap-up
with the customer's records, and an agent's figures of the day. The API (and the web
desktop) call these; they hold the logic, the routes only read and answer."""
