# A workload of datetime's C types: dates, times, deltas and time zones, their arithmetic, formatting and parsing
import datetime as dt
utc = dt.timezone.utc; east = dt.timezone(dt.timedelta(hours=5, minutes=30), 'IST')
start = dt.datetime(2001, 2, 3, 4, 5, 6, 789, tzinfo=utc)
stamps = [start + dt.timedelta(days=i * 3.5, seconds=i * 61, microseconds=i) for i in range(200)]
local = [s.astimezone(east) for s in stamps]
texts = [s.isoformat() for s in local] + [s.strftime('%Y-%m-%d %H:%M:%S %z %a %j') for s in stamps[:50]]
parsed = [dt.datetime.fromisoformat(s.isoformat()) for s in stamps[:80]] if hasattr(dt.datetime, 'fromisoformat') else stamps[:80]
deltas = sorted(b - a for a, b in zip(stamps, stamps[1:]))
days = [dt.date.fromordinal(730000 + i * 37) for i in range(100)]
weeks = [d.isocalendar()[1] for d in days]; cal = [d.replace(day=1).weekday() for d in days]
times = [dt.time(i % 24, i % 60, i % 60, i, tzinfo=east) for i in range(100)]
combined = [dt.datetime.combine(d, t) for d, t in zip(days, times)]
assert parsed[5] == stamps[5] and deltas[0] <= deltas[-1] and texts and weeks and cal
assert combined[3].tzinfo is east and sum(deltas, dt.timedelta()) == stamps[-1] - stamps[0]
