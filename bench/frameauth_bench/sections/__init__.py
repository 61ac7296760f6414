"""One module per section of bench/run's table. Each section function
measures what its section shows and returns the section's lines (and any
figure a later section needs), for __main__ to print in the table's order;
the Redis section relays bench/replicas.py's own table as it comes."""
