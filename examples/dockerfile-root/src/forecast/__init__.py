"""Weekly demand forecasts."""
