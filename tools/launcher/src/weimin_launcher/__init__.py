"""Run the whole platform on one machine (`make run`) and start it for integration tests."""
