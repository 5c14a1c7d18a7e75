"""The FastAPI application: public HTTP API and web pages."""
