"""Development tools (fixture generators), kept out of the wheel: the product never imports them."""
