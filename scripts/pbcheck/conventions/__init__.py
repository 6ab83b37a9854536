"""Convention checks for async Python backends (PB1xx asyncio, PB2xx FastAPI, PB3xx SQLAlchemy, PB4xx pooling).

`engine` walks each syntax tree once and dispatches nodes to the checks registered with `engine.on`.
Standard library only: `.py` mode must run without pyyaml or markdown-it-py installed.
"""
