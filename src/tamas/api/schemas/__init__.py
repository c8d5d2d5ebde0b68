"""The API's request and response bodies (Pydantic v2), one module per area."""
