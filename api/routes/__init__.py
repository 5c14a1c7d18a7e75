"""HTTP routes: each parses, calls one function of the core, and shapes the response."""
