#!/usr/bin/env python3
"""Validate an evaluation set: DIR/stories.jsonl and DIR/distractors.json.

Usage: python3 validate.py [DIR] [--final] [--min-stories N] [--min-events N] [--min-multi N]
                           [--min-groups N] [--min-type N]

DIR defaults to this script's own directory (the labelled set), so the old call
`python3 validate.py --final` behaves as before. --final checks the minimum counts; the
labelled set's minimums are the defaults and the --min-* options override them for other sets
(the held-out set's README gives its own).
"""
import argparse, json, re, sys, collections, datetime, os
ap = argparse.ArgumentParser(description="Validate an evaluation set directory.")
ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
ap.add_argument("--final", action="store_true", help="also check the minimum counts")
ap.add_argument("--min-stories", type=int, default=110)
ap.add_argument("--min-events", type=int, default=0)
ap.add_argument("--min-multi", type=int, default=20, help="events told by 2 or more outlets")
ap.add_argument("--min-distractor-stories", type=int, default=12)
ap.add_argument("--min-groups", type=int, default=0, help="near-miss distractor groups")
ap.add_argument("--min-type", type=int, default=6, help="stories per event type ('other': half, at least 3)")
args = ap.parse_args()
HERE = os.path.abspath(args.dir)
if not os.path.isfile(os.path.join(HERE, "stories.jsonl")):
    sys.exit(f"ERROR no stories.jsonl in {HERE}")
TYPES = {"usage_restriction","trade_restriction","regulation","enforcement","litigation",
         "security_incident","industrial_policy","corporate_deal","market_move","other"}
KINDS = {"company","product","government","regulator","country","person","organization","group"}
ROLES = {"actor","target","affected","mentioned"}
REG = re.compile(r"^([A-Z]{2}|EU)$")
errs = []
rows = []
with open(os.path.join(HERE, "stories.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            errs.append(f"line {n}: blank"); continue
        try:
            o = json.loads(line)
        except Exception as e:
            errs.append(f"line {n}: {e}"); continue
        rows.append((n, o))
ids = collections.Counter(o.get("id") for _, o in rows)
for i, c in ids.items():
    if c > 1: errs.append(f"duplicate id {i}")
FIELDS = ["id","event","outlet","published_at","title","body","event_type","regions","entities"]
events = collections.defaultdict(list)
for n, o in rows:
    for k in FIELDS:
        if k not in o: errs.append(f"line {n}: missing {k}")
    if set(o) - set(FIELDS): errs.append(f"line {n}: extra fields {set(o)-set(FIELDS)}")
    if o.get("event_type") not in TYPES: errs.append(f"line {n}: bad event_type {o.get('event_type')}")
    rg = o.get("regions") or []
    if not rg or not all(isinstance(r, str) and REG.match(r) for r in rg) or len(set(rg)) != len(rg):
        errs.append(f"line {n}: bad regions {rg}")
    try:
        d = datetime.datetime.strptime(o["published_at"], "%Y-%m-%dT%H:%M:%SZ")
        if not (2019 <= d.year <= 2026): errs.append(f"line {n}: year out of range")
    except Exception:
        errs.append(f"line {n}: bad published_at"); d = None
    words = len(o.get("body", "").split())
    if not (50 <= words <= 100): errs.append(f"line {n} {o.get('id')}: body {words} words")
    ents = o.get("entities") or []
    if not (1 <= len(ents) <= 6): errs.append(f"line {n}: {len(ents)} entities")
    names = set()
    for e in ents:
        if set(e) != {"name","kind","role"}: errs.append(f"line {n}: bad entity {e}")
        if e.get("kind") not in KINDS: errs.append(f"line {n}: bad kind {e}")
        if e.get("role") not in ROLES: errs.append(f"line {n}: bad role {e}")
        if e.get("name") in names: errs.append(f"line {n}: duplicate entity {e.get('name')}")
        names.add(e.get("name"))
    events[o.get("event")].append((o, d))
multi = 0
for ev, lst in events.items():
    if len(lst) == 1: continue
    multi += 1
    if len(lst) > 4: errs.append(f"event {ev}: {len(lst)} stories")
    outs = [o["outlet"] for o, _ in lst]
    if len(set(outs)) != len(outs): errs.append(f"event {ev}: repeated outlet")
    ds = [d for _, d in lst if d]
    if ds and (max(ds) - min(ds)) > datetime.timedelta(days=3): errs.append(f"event {ev}: spread > 3 days")
    if len({o["event_type"] for o, _ in lst}) != 1: errs.append(f"event {ev}: inconsistent event_type")
    if len({tuple(o["regions"]) for o, _ in lst}) != 1: errs.append(f"event {ev}: inconsistent regions")
    if len({o["title"] for o, _ in lst}) != len(lst): errs.append(f"event {ev}: duplicate titles")
dpath = os.path.join(HERE, "distractors.json")
nd = 0
groups = []
if os.path.exists(dpath):
    groups = json.load(open(dpath, encoding="utf-8"))["groups"]
    for g in groups:
        if len(set(g["events"])) != len(g["events"]) or len(g["events"]) < 2:
            errs.append(f"distractors: group {g.get('name')} needs 2 or more distinct events")
        for ev in g["events"]:
            if ev not in events: errs.append(f"distractors: unknown event {ev}")
            else: nd += len(events[ev])
tc = collections.Counter(o["event_type"] for _, o in rows)
print(f"stories={len(rows)} events={len(events)} multi_outlet_events={multi} distractor_stories={nd} distractor_groups={len(groups)}")
print("types:", dict(sorted(tc.items())))
print("regions:", dict(collections.Counter(r for _, o in rows for r in o["regions"]).most_common()))
if args.final:
    if len(rows) < args.min_stories: errs.append(f"fewer than {args.min_stories} stories")
    if len(events) < args.min_events: errs.append(f"fewer than {args.min_events} events")
    if multi < args.min_multi: errs.append(f"fewer than {args.min_multi} multi-outlet events")
    if nd < args.min_distractor_stories: errs.append(f"fewer than {args.min_distractor_stories} distractor stories")
    if len(groups) < args.min_groups: errs.append(f"fewer than {args.min_groups} distractor groups")
    for t in TYPES:
        need = max(3, args.min_type // 2) if t == "other" else args.min_type
        if tc[t] < need: errs.append(f"type {t}: only {tc[t]}")
for e in errs: print("ERROR", e)
sys.exit(1 if errs else 0)
