"""A stand-in for the public-security grid system, speaking Weimin's published partner
contract (docs/partners.md) from the outside: OAuth2 client credentials, the
`/integration/v1` exchange and Standard Webhooks. It imports none of Weimin's code."""
