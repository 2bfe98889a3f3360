"""The partner exchange (`/integration/v1`): what the public-security grid system and other
partner clients write and read with their client-credentials tokens."""
