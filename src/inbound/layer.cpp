// layer inbound: see docs/architecture.md
