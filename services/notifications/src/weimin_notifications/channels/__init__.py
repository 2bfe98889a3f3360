"""The ways a notification leaves the platform, one module each behind `base.Channel`."""
