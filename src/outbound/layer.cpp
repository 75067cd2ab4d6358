// layer outbound: see docs/architecture.md
