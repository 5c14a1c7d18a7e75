"""Banshi (办事通): the product entry points — operator configuration, the database schema and its
migrations, start-up and the `banshi` command."""
