"""The center's people and structure: users and roles, teams, departments, queues and
skills; signing in; the services the API and the CLI share to keep them."""
