"""The read-only API (/api/v1/...): councils, their public profiles and composition for everyone;
with a personal token, what its owner may see on the pages (agenda items, adopted summaries and
what became of them, forwarded summaries for office readers, early-warning signals), through the
same permission gate and the same queries as the pages. Tokens are made and revoked by their
owner on their account page, stored hashed, rate limited, and their creation, revocation and last
use are recorded. The API never writes (but for a token's last use) and never sets a cookie."""
