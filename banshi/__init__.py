"""Banshi (办事通): the product entry points — operator configuration and the `banshi` command."""
