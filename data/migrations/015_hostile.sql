-- The ID token a signed-in session got from its identity provider, sealed
-- with the secret key: logout hands it to the provider's end-session
-- endpoint (id_token_hint) so the provider ends its own session too. It
-- goes with the session row.
ALTER TABLE sessions ADD COLUMN id_token_enc BLOB;
