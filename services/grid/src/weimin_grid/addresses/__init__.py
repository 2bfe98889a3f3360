"""Standard addresses (一标三实's "one standard address"): structured, coded addresses that
buildings and households are joined to, and the join key with the public-security system."""
