"""The screening service: an HTTP API over the compiled Screener, with an audit log of every
screening call and API-key access control (`screen serve`; needs the `service` extra).

Modules: `app` (the FastAPI app, access control, limits, error replies), `routes` (the
endpoints), `intake` (records as the API takes them), `yente` (the yente-compatible /match
adapter), `state` (the screener in force and its reload), `audit` (the audit log stores),
`auth` (API keys), `config` (settings), `cli` (`screen serve`, `screen audit`, `screen keys`).
"""
