"""bench/run's measuring: FrameAuth against nginx under wrk, the session store,
start-up, stored users and a token exchange over TLS, printed as one table
with the targets from issues #8 and #18 marked PASS or MISS.

`python3 -m frameauth_bench` (from bench/, as bench/run does) runs it all;
__main__ holds the order of the sections, sections/ one module per section,
targets the targets as data, and parsers the pure functions that read wrk's
report, /proc and the side programs' output.
"""
