"""Notifications are read in the product; the admin shows nothing of them."""
